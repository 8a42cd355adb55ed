using Recommender.Data;

namespace Recommender;

/// <summary>
/// Weighs single engagements exactly as <see cref="InteractionMatrixBuilder"/> does:
/// <c>KindWeights[kind] × (Weight ?? 1) × 0.5^(age / HalfLife)</c>, ages measured from a fixed reference time,
/// future timestamps (up to the clock skew) counted as "now". Immutable.
/// </summary>
internal sealed class EngagementWeigher
{
    /// <summary>The number of <see cref="EngagementKind"/> values (they are 0 .. KindCount - 1).</summary>
    public const int KindCount = 8;

    private readonly float[] _kindWeights = new float[KindCount];
    private readonly double _halfLifeTicks;

    /// <param name="options">Kind weights and half-life.</param>
    /// <param name="referenceTime">"Now" for ages.</param>
    /// <param name="maxClockSkew">How far after <paramref name="referenceTime"/> a timestamp may lie and still be
    /// admitted (<see cref="Admits"/>); null for <see cref="EngagementDefaults.MaxClockSkew"/>.</param>
    public EngagementWeigher(EngagementWeightingOptions options, DateTimeOffset referenceTime, TimeSpan? maxClockSkew = null)
    {
        for (var k = 0; k < KindCount; k++)
        {
            _kindWeights[k] = options.WeightOf((EngagementKind)k);
        }

        HalfLife = options.HalfLife;
        _halfLifeTicks = options.HalfLife == Timeout.InfiniteTimeSpan ? double.PositiveInfinity : options.HalfLife.Ticks;
        ReferenceTime = referenceTime;
        LatestAccepted = LatestAcceptedAt(referenceTime, maxClockSkew ?? EngagementDefaults.MaxClockSkew);
    }

    public DateTimeOffset ReferenceTime { get; }

    /// <summary>The latest timestamp <see cref="Admits"/> accepts: the reference time plus the clock skew.</summary>
    public DateTimeOffset LatestAccepted { get; }

    public TimeSpan HalfLife { get; }

    public ReadOnlySpan<float> KindWeights => _kindWeights;

    /// <summary>True when the ids are present, the kind is defined and the multiplier is finite and within range.</summary>
    public static bool IsValid(in Engagement engagement) =>
        !string.IsNullOrEmpty(engagement.UserId)
        && !string.IsNullOrEmpty(engagement.PostId)
        && (uint)engagement.Kind < KindCount
        && IsValidWeight(engagement.Weight);

    /// <summary>True for no weight, or a finite one within ±<see cref="EngagementDefaults.MaxWeight"/>.</summary>
    public static bool IsValidWeight(float? weight) =>
        weight is not { } w || (float.IsFinite(w) && MathF.Abs(w) <= EngagementDefaults.MaxWeight);

    /// <summary><see cref="IsValid"/>, and the timestamp is not after <see cref="LatestAccepted"/>.</summary>
    public bool Admits(in Engagement engagement) => IsValid(engagement) && engagement.Timestamp <= LatestAccepted;

    /// <summary><paramref name="now"/> plus <paramref name="maxClockSkew"/>, saturating at <see cref="DateTimeOffset.MaxValue"/>
    /// (also for <see cref="Timeout.InfiniteTimeSpan"/>: no limit).</summary>
    public static DateTimeOffset LatestAcceptedAt(DateTimeOffset now, TimeSpan maxClockSkew) =>
        maxClockSkew == Timeout.InfiniteTimeSpan || maxClockSkew < TimeSpan.Zero || now > DateTimeOffset.MaxValue - maxClockSkew
            ? DateTimeOffset.MaxValue
            : now + maxClockSkew;

    public float KindWeight(EngagementKind kind) => _kindWeights[(int)kind];

    /// <summary>0.5^(age / half-life); 1 for a timestamp at or after the reference time or without decay.</summary>
    public double Decay(DateTimeOffset timestamp)
    {
        var ageTicks = (ReferenceTime - timestamp).Ticks;
        if (ageTicks <= 0 || double.IsPositiveInfinity(_halfLifeTicks))
        {
            return 1.0;
        }

        return Math.Pow(2.0, -ageTicks / _halfLifeTicks);
    }

    /// <summary>The signed, decayed weight of a valid engagement (0 when its kind weighs nothing).</summary>
    public float Weigh(in Engagement engagement) =>
        (float)(_kindWeights[(int)engagement.Kind] * (engagement.Weight ?? 1f) * Decay(engagement.Timestamp));

    /// <summary>Writes the kind weights and half-life (for a model file).</summary>
    public static void Write(Serialization.ChunkWriter writer, EngagementWeightingOptions options)
    {
        writer.WriteInt32(KindCount);
        for (var k = 0; k < KindCount; k++)
        {
            writer.WriteSingle(options.WeightOf((EngagementKind)k));
        }

        writer.WriteInt64(options.HalfLife.Ticks);
    }

    /// <summary>Reads what <see cref="Write"/> wrote, validating it.</summary>
    public static EngagementWeightingOptions Read(ref Serialization.ChunkReader reader)
    {
        var count = reader.ReadInt32(KindCount, KindCount, "the number of engagement kinds");
        var weights = new Dictionary<EngagementKind, float>(count);
        for (var k = 0; k < count; k++)
        {
            var w = reader.ReadSingle();
            if (!float.IsFinite(w))
            {
                throw reader.Error("holds a kind weight that is not finite");
            }

            weights[(EngagementKind)k] = w;
        }

        var halfLife = TimeSpan.FromTicks(reader.ReadInt64());
        if (halfLife != Timeout.InfiniteTimeSpan && halfLife <= TimeSpan.Zero)
        {
            throw reader.Error("holds a half-life that is not positive");
        }

        return new EngagementWeightingOptions { KindWeights = weights, HalfLife = halfLife };
    }
}
