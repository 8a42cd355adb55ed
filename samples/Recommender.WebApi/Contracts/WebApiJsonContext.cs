using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Features;

namespace Recommender.WebApi.Contracts;

/// <summary>
/// Source-generated JSON for every request and response (camel case, web defaults; NaN and infinities written as
/// strings rather than failing). Inserted first in the HTTP JSON options' resolver chain.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TrainingAccepted))]
[JsonSerializable(typeof(ModelStatusResponse))]
[JsonSerializable(typeof(ModelEvaluationResponse))]
[JsonSerializable(typeof(RankApiRequest))]
[JsonSerializable(typeof(RecommendApiRequest))]
[JsonSerializable(typeof(RecommendationResponse))]
[JsonSerializable(typeof(MlStatusResponse))]
[JsonSerializable(typeof(MlPredictRequest))]
[JsonSerializable(typeof(MlPredictResponse))]
[JsonSerializable(typeof(MlRecommendRequest))]
[JsonSerializable(typeof(MlRecommendResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(UserFeatures))]
[JsonSerializable(typeof(PostFeatures))]
[JsonSerializable(typeof(PairFeatures))]
internal sealed partial class WebApiJsonContext : JsonSerializerContext;
