namespace Recommender.Core.Tests.Serialization;

/// <summary>Values read from Fixtures/nmf-v1.rcm when it was written (see Fixtures/README.md).</summary>
internal static class FixtureExpectations
{
    public const string FirstUser = "u8";
    public const string FirstPost = "p14";
    public const float FirstScore = 0.9818146f;
    public const string TopPostOfFirstUser = "p11";
}
