namespace Recommender.Core.Tests.TestSupport;

/// <summary>Paths of the fixture files shipped with the tests.</summary>
internal static class TestFiles
{
    public static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);
}
