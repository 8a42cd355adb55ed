using System.Runtime.InteropServices;

namespace Recommender.Features;

/// <summary>
/// What the ranking path reads about a known post, packed into 32 bytes (two per cache line) so that a candidate
/// costs one memory access instead of one per array: ranking 500 random candidates is bound by cache misses,
/// not arithmetic.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct CandidateRecord(long createdTicks, int author, int collaborativePost, int contentStart, int contentLength, float popularity, float velocity)
{
    /// <summary>Creation time, UTC ticks.</summary>
    public readonly long CreatedTicks = createdTicks;

    /// <summary>The author's store index, or -1.</summary>
    public readonly int Author = author;

    /// <summary>The post's index in the NMF model, or -1.</summary>
    public readonly int CollaborativePost = collaborativePost;

    /// <summary>Where the post's vector starts in the content model's vector array.</summary>
    public readonly int ContentStart = contentStart;

    /// <summary>The vector's length, or -1 when the content model does not know the post.</summary>
    public readonly int ContentLength = contentLength;

    /// <summary><c>ln(1 + positive engagements)</c>.</summary>
    public readonly float Popularity = popularity;

    /// <summary>Positive engagements per hour over the velocity window.</summary>
    public readonly float Velocity = velocity;
}
