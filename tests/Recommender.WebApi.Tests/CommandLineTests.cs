using Recommender.WebApi.Hosting;

namespace Recommender.WebApi.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_PostgresAndSeedSample_BecomeConfiguration_AndTheRestGoesToTheHost()
    {
        var line = CommandLine.Parse(["--urls", "http://localhost:5080", "--postgres", "Host=db;Database=app", "--seed-sample", "--WebApi:MaxCount=10"]);

        Assert.Null(line.Error);
        Assert.False(line.Help);
        Assert.Equal("Host=db;Database=app", line.Settings["ConnectionStrings:Recommender"]);
        Assert.Equal("true", line.Settings["WebApi:SeedSample"]);
        Assert.Equal(["--urls", "http://localhost:5080", "--WebApi:MaxCount=10"], line.HostArgs);
    }

    [Fact]
    public void Parse_PostgresWithEquals_TakesTheValue()
    {
        var line = CommandLine.Parse(["--postgres=Host=db;Database=app"]);

        Assert.Equal("Host=db;Database=app", line.Settings["ConnectionStrings:Recommender"]);
    }

    [Theory]
    [InlineData("--postgres")]
    [InlineData("--postgres", "--seed-sample")]
    public void Parse_PostgresWithoutAConnectionString_IsAnError(params string[] args)
    {
        var line = CommandLine.Parse(args);

        Assert.Contains("--postgres needs a connection string", line.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoArguments_MeansInMemory()
    {
        var line = CommandLine.Parse([]);

        Assert.Empty(line.Settings);
        Assert.Empty(line.HostArgs);
        Assert.Null(line.Error);
    }
}
