using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Features;

namespace Recommender.WebApi.Contracts;

/// <summary>
/// Source-generated JSON for every request and response (camel case, web defaults). The responses hold no NaN: figures
/// that cannot be computed are null (the named literals stay allowed only so that one that slips through never fails a
/// response). Inserted first in the HTTP JSON options' resolver chain, whose options also refuse request fields the
/// contract does not have (<see cref="JsonUnmappedMemberHandling.Disallow"/>, set in WebApiSetup).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
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
[JsonSerializable(typeof(UserFeaturesView))]
[JsonSerializable(typeof(PostFeaturesView))]
[JsonSerializable(typeof(PairFeatures))]
[JsonSerializable(typeof(EngagementsApiRequest))]
[JsonSerializable(typeof(EngagementsResponse))]
internal sealed partial class WebApiJsonContext : JsonSerializerContext;
