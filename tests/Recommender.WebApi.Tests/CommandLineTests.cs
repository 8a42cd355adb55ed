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

public sealed class CommandLineParsingTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public void Parse_Help_IsHelp(string arg)
    {
        var line = CommandLine.Parse([arg]);

        Assert.True(line.Help);
        Assert.Null(line.Error);
        Assert.Empty(line.HostArgs);
    }

    [Fact]
    public void Parse_HostOptionsBetweenTheSamplesSwitches_ReachTheHostInOrder()
    {
        var line = CommandLine.Parse(["--environment", "Development", "--seed-sample", "--Logging:LogLevel:Default=Warning", "--postgres", "Host=db", "--urls=http://+:80", "--version"]);

        Assert.Null(line.Error);
        Assert.Equal(["--environment", "Development", "--Logging:LogLevel:Default=Warning", "--urls=http://+:80", "--version"], line.HostArgs);
        Assert.Equal("true", line.Settings["WebApi:SeedSample"]);
        Assert.Equal("Host=db", line.Settings["ConnectionStrings:Recommender"]);
    }

    [Fact]
    public void Parse_SeedSample_TakesNoValue()
    {
        var line = CommandLine.Parse(["--seed-sample", "true"]);

        Assert.Equal("true", line.Settings["WebApi:SeedSample"]);
        Assert.Equal(["true"], line.HostArgs);
    }

    [Fact]
    public void Parse_ValueStartingWithAt_IsAValueNotAResponseFile()
    {
        var line = CommandLine.Parse(["--postgres", "@Host=db", "@more"]);

        Assert.Null(line.Error);
        Assert.Equal("@Host=db", line.Settings["ConnectionStrings:Recommender"]);
        Assert.Equal(["@more"], line.HostArgs);
    }

    [Theory]
    [InlineData("--postgres", "")]
    [InlineData("--postgres", " ")]
    [InlineData("--postgres", "--urls")]
    public void Parse_PostgresWithAnEmptyOrOptionValue_IsAnError(string option, string value)
    {
        var line = CommandLine.Parse([option, value]);

        Assert.Contains("--postgres needs a connection string", line.Error, StringComparison.Ordinal);
        Assert.False(line.Settings.ContainsKey("ConnectionStrings:Recommender"));
    }
}
