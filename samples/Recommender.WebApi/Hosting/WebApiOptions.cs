using Recommender.SampleData;

namespace Recommender.WebApi.Hosting;

/// <summary>
/// The web host's own options, bound from the configuration section "WebApi" (the SDK's options live in "Recommender").
/// Every option documents its default; invalid options stop the host at start, each one named.
/// </summary>
public sealed class WebApiOptions
{
    /// <summary>The configuration section: "WebApi".</summary>
    public const string SectionName = "WebApi";

    /// <summary>The most candidates one rank or predict request may carry. Default 1,000; 1 to 100,000.</summary>
    public int MaxCandidates { get; set; } = WebApiDefaults.MaxCandidates;

    /// <summary>The most posts one recommendation may ask for. Default 100; 1 to 10,000.</summary>
    public int MaxCount { get; set; } = WebApiDefaults.MaxCount;

    /// <summary>How many posts a recommendation returns when the request does not say. Default 20; 1 to <see cref="MaxCount"/>.</summary>
    public int DefaultCount { get; set; } = WebApiDefaults.DefaultCount;

    /// <summary>How many training runs started through the API are remembered (newest first). Default 50; at least 1.</summary>
    public int RunHistory { get; set; } = WebApiDefaults.RunHistory;

    /// <summary>
    /// PostgreSQL only (<c>--postgres</c>): create the sample host tables when missing and fill them with a generated
    /// feed when they are empty (<c>--seed-sample</c>). Default false.
    /// </summary>
    public bool SeedSample { get; set; }

    /// <summary>
    /// The generated feed served in memory (and written by <see cref="SeedSample"/>). Default: the generator's defaults
    /// (1,000 users, 4,000 posts, 21 days, 40 engagements per user, seed 42), moved so that the feed ends now.
    /// <see cref="SocialFeedOptions.Start"/> is ignored.
    /// </summary>
    public SocialFeedOptions SampleFeed { get; set; } = new();

    /// <summary>Every problem, each named by its configuration path; empty when valid.</summary>
    public IReadOnlyList<string> GetErrors()
    {
        var errors = new List<string>();
        var p = SectionName + ":";
        if (MaxCandidates is < 1 or > 100_000)
        {
            errors.Add($"{p}{nameof(MaxCandidates)} must be between 1 and 100000, was {MaxCandidates}.");
        }

        if (MaxCount is < 1 or > 10_000)
        {
            errors.Add($"{p}{nameof(MaxCount)} must be between 1 and 10000, was {MaxCount}.");
        }

        if (DefaultCount < 1 || DefaultCount > MaxCount)
        {
            errors.Add($"{p}{nameof(DefaultCount)} must be between 1 and {nameof(MaxCount)} ({MaxCount}), was {DefaultCount}.");
        }

        if (RunHistory < 1)
        {
            errors.Add($"{p}{nameof(RunHistory)} must be at least 1, was {RunHistory}.");
        }

        if (SampleFeed is null)
        {
            errors.Add($"{p}{nameof(SampleFeed)} must not be null.");
        }
        else
        {
            try
            {
                SampleFeed.Validate();
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{p}{nameof(SampleFeed)}: {ex.Message}");
            }
        }

        return errors;
    }
}
