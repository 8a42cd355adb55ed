namespace Recommender.ConsoleSample.Cli;

/// <summary>The command line is wrong (unknown option, missing value, bad number, missing file): exit code 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
