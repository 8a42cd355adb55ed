namespace Recommender.Training;

/// <summary>Well-known model variant names.</summary>
public static class ModelVariants
{
    /// <summary>The main model every user gets unless an A/B test assigns another variant.</summary>
    public const string Default = "default";
}
