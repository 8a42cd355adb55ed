using Recommender.Collaborative;
using Recommender.Content;
using Recommender.Features;
using Recommender.Serialization;

namespace Recommender.Ranking;

/// <summary>
/// Everything training produces, in one immutable, thread-safe artefact: the collaborative model (absent when the
/// data had no positive engagement), the content model, the feature store and the blend of signals. Saved and
/// loaded in the versioned container format of docs/model-format.md (model kind "recommender").
/// </summary>
public sealed class RecommenderModel
{
    internal const string Kind = "recommender";

    internal RecommenderModel(NmfModel? collaborative, ContentModel content, FeatureStore features, BlendModel blend, RecommenderModelInfo info)
    {
        Collaborative = collaborative;
        Content = content;
        Features = features;
        Blend = blend;
        Info = info;
    }

    /// <summary>The collaborative-filtering model, or null when there was nothing to factorise.</summary>
    public NmfModel? Collaborative { get; }

    /// <summary>The content model.</summary>
    public ContentModel Content { get; }

    /// <summary>User, post and author statistics.</summary>
    public FeatureStore Features { get; }

    /// <summary>How the model was trained.</summary>
    public RecommenderModelInfo Info { get; }

    internal BlendModel Blend { get; }

    /// <summary>Writes the model (see docs/model-format.md).</summary>
    /// <param name="stream">A writable stream; left open.</param>
    public void Save(Stream stream)
    {
        var writer = ModelWriter.Begin(stream, Kind);
        var header = new ChunkWriter();
        header.WriteBoolean(Collaborative is not null);
        header.WriteInt64(Info.TrainedAt.UtcTicks);
        header.WriteBoolean(Info.DataWatermark.HasValue);
        header.WriteInt64(Info.DataWatermark?.UtcTicks ?? 0);
        header.WriteInt32(Info.Users);
        header.WriteInt32(Info.Posts);
        header.WriteInt64(Info.Engagements);
        header.WriteInt64(Info.Duration.Ticks);
        writer.WriteChunk("RMHD", 1, header);
        Collaborative?.WriteChunks(writer);
        Content.WriteChunks(writer);
        Features.WriteChunks(writer);
        Blend.Write(writer);
        writer.End();
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <exception cref="ModelFormatException">Not a Recommender model, a newer format, truncated or corrupt.</exception>
    public static RecommenderModel Load(Stream stream)
    {
        var reader = ModelReader.Read(stream, Kind);
        var h = new ChunkReader(reader.Get("RMHD", 1, out _), "RMHD");
        var hasCollaborative = h.ReadBoolean();
        var trainedAtTicks = h.ReadInt64();
        var hasWatermark = h.ReadBoolean();
        var watermarkTicks = h.ReadInt64();
        var users = h.ReadInt32(0, int.MaxValue, "the user count");
        var posts = h.ReadInt32(0, int.MaxValue, "the post count");
        var engagements = h.ReadInt64();
        var duration = h.ReadInt64();
        h.ExpectEnd();
        if (engagements < 0 || duration < 0)
        {
            throw h.Error("holds an impossible count or duration");
        }

        // A forged time would load and then break ranking ("now - window" before year 1, ages of ten thousand years).
        var trainedAt = PlausibleTime(ref h, trainedAtTicks, nameof(RecommenderModelInfo.TrainedAt), ModelVerifier.EarliestTime);
        var watermark = hasWatermark ? PlausibleTime(ref h, watermarkTicks, nameof(RecommenderModelInfo.DataWatermark), DateTimeOffset.MinValue) : (DateTimeOffset?)null;

        var collaborative = hasCollaborative ? NmfModel.ReadChunks(reader) : null;
        var content = ContentModel.ReadChunks(reader);
        var features = FeatureStore.ReadChunks(reader);
        var blend = BlendModel.Read(reader);
        var info = new RecommenderModelInfo
        {
            TrainedAt = trainedAt,
            DataWatermark = watermark,
            Users = users,
            Posts = posts,
            Engagements = engagements,
            Duration = TimeSpan.FromTicks(duration),
            BlendLearned = blend.Learned,
            BlendNote = blend.Diagnostics.Note,
            BlendLearnedAuc = blend.Diagnostics.LearnedAuc,
            BlendHandAuc = blend.Diagnostics.HandAuc,
        };

        return new RecommenderModel(collaborative, content, features, blend, info);
    }

    /// <summary>A time in [<paramref name="earliest"/>, <see cref="ModelVerifier.LatestTime"/>), else an error naming the field.</summary>
    private static DateTimeOffset PlausibleTime(ref ChunkReader reader, long ticks, string field, DateTimeOffset earliest)
    {
        if (ticks < earliest.UtcTicks || ticks >= ModelVerifier.LatestTime.UtcTicks)
        {
            throw reader.Error($"holds a {field} of {ticks} ticks ({Describe(ticks)}), outside {earliest:yyyy-MM-dd} to {ModelVerifier.LatestTime:yyyy-MM-dd}");
        }

        return new DateTimeOffset(ticks, TimeSpan.Zero);

        static string Describe(long ticks) =>
            ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new DateTimeOffset(ticks, TimeSpan.Zero).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
                : "not a date";
    }
}
