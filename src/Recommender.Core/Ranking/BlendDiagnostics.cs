using Recommender.Serialization;

namespace Recommender.Ranking;

/// <summary>How the blend was obtained: example counts and held-out AUC of the learned and the hand blend.</summary>
internal sealed record BlendDiagnostics(int Positives, int Negatives, double LearnedAuc, double HandAuc, string Note)
{
    /// <summary>
    /// The blend guard's decision (<see cref="BlendGuard"/>), also at the end of <see cref="Note"/>; empty when no learned
    /// contender was guarded. Not saved: a loaded model has it in its note only.
    /// </summary>
    public string GuardNote { get; init; } = string.Empty;

    /// <summary>The diagnostics' part of a <c>BLND</c> chunk (the same in every version).</summary>
    public void Write(ChunkWriter chunk)
    {
        chunk.WriteInt32(Positives);
        chunk.WriteInt32(Negatives);
        chunk.WriteDouble(LearnedAuc);
        chunk.WriteDouble(HandAuc);
        chunk.WriteString(Note);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static BlendDiagnostics Read(ref ChunkReader reader) =>
        new(reader.ReadInt32(), reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadString() ?? string.Empty);
}
