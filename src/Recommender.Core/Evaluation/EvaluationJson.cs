using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Recommender.Evaluation;

/// <summary>
/// Writes <see cref="EvaluationReport"/> in the protocol's shape. Metric names carry k ("precision@10"), so the
/// shape is written with <see cref="Utf8JsonWriter"/> rather than a serializer contract: no reflection, AOT-safe.
/// </summary>
internal static class EvaluationJson
{
    public static string Write(EvaluationReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("dataset");
            json.WriteNumber("users", report.Dataset.Users);
            json.WriteNumber("posts", report.Dataset.Posts);
            json.WriteNumber("train", report.Dataset.Train);
            json.WriteNumber("test", report.Dataset.Test);
            json.WriteEndObject();
            json.WriteNumber("k", report.K);
            if (report.Step is { } step)
            {
                json.WriteString("task", "feed");
                json.WriteNumber("step_seconds", step.TotalSeconds);
                json.WriteString("updates", (report.Updates ?? FeedUpdates.Realtime).ToString().ToLowerInvariant());
            }
            json.WriteStartObject("models");
            var k = report.K.ToString(CultureInfo.InvariantCulture);
            foreach (var model in report.Models)
            {
                json.WriteStartObject(model.Model);
                json.WriteNumber("precision@" + k, model.Precision);
                json.WriteNumber("recall@" + k, model.Recall);
                json.WriteNumber("ndcg@" + k, model.Ndcg);
                if (double.IsFinite(model.NdcgInterval.Lower) && double.IsFinite(model.NdcgInterval.Upper))
                {
                    json.WriteStartArray("ndcg@" + k + "_ci");
                    json.WriteNumberValue(model.NdcgInterval.Lower);
                    json.WriteNumberValue(model.NdcgInterval.Upper);
                    json.WriteEndArray();
                }
                else
                {
                    json.WriteNull("ndcg@" + k + "_ci");
                }

                json.WriteNumber("map@" + k, model.Map);
                json.WriteNumber("hit@" + k, model.HitRate);
                json.WriteNumber("coverage", model.Coverage);
                json.WriteNumber("users", model.Users);
                json.WriteNumber("train_seconds", model.TrainingTime.TotalSeconds);
                if (report.Step is not null)
                {
                    json.WriteStartArray("windows");
                    foreach (var window in model.Windows)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("start", window.Start.ToUnixTimeSeconds());
                        json.WriteNumber("ndcg@" + k, window.Ndcg);
                        json.WriteNumber("pairs", window.Pairs);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
