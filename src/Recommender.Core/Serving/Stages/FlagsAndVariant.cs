using Microsoft.Extensions.Logging;

namespace Recommender.Serving;

/// <summary>
/// Stage 2 of a request: the user's feature flags (from the provider, else <see cref="ServingOptions.DefaultFlags"/>;
/// a failing provider is logged and its defaults apply) and A/B variant, with the serving state that will answer.
/// </summary>
internal sealed class FlagsAndVariant(IFeatureFlagProvider flags, Func<ServingOptions> options, Func<ServingState> state, ILogger logger)
{
    /// <summary>A stage over fixed options (tests).</summary>
    public FlagsAndVariant(IFeatureFlagProvider flags, ServingOptions options, Func<ServingState> state, ILogger logger)
        : this(flags, () => options, state, logger)
    {
    }

    public async ValueTask<RequestContext> ResolveAsync(string userId, CancellationToken cancellationToken)
    {
        var ml = await IsOnAsync(FeatureFlagNames.MlRecommendations, userId, cancellationToken).ConfigureAwait(false);
        var personalized = await IsOnAsync(FeatureFlagNames.PersonalizedFeed, userId, cancellationToken).ConfigureAwait(false);
        var engagement = await IsOnAsync(FeatureFlagNames.EngagementRanking, userId, cancellationToken).ConfigureAwait(false);
        var current = state();
        var variant = AssignVariant(userId);
        if (!current.Variants.ContainsKey(variant))
        {
            variant = Training.ModelVariants.Default;
        }

        return new RequestContext(userId, ml, personalized, engagement, variant, current);
    }

    private async ValueTask<bool> IsOnAsync(string name, string userId, CancellationToken cancellationToken)
    {
        FeatureFlag? flag;
        try
        {
            flag = await flags.GetFlagAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.FlagProviderFailed(logger, ex, name);
            flag = null;
        }

        if (flag is null)
        {
            var percentage = options().DefaultFlags.GetValueOrDefault(name, 100);
            flag = new FeatureFlag(name, percentage > 0, percentage);
        }

        return UserBucket.IsOn(flag, userId);
    }

    /// <summary>The user's A/B variant: one bucket (0-99) shared by all variants, cut in the order of their names.</summary>
    private string AssignVariant(string userId)
    {
        var variants = options().Variants;
        if (variants.Count == 0)
        {
            return Training.ModelVariants.Default;
        }

        var bucket = UserBucket.Of("variant-split", userId);
        var edge = 0;
        foreach (var (name, percentage) in variants.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            edge += percentage;
            if (bucket < edge)
            {
                return name;
            }
        }

        return Training.ModelVariants.Default;
    }
}
