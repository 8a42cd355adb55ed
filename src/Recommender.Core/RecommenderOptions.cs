using Recommender.Collaborative;
using Recommender.Content;
using Recommender.Data;
using Recommender.Features;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender;

/// <summary>
/// Every option of Recommender in one tree (the shape bound from configuration section "Recommender").
/// Each nested option documents its default; <see cref="Validate"/> lists every invalid option at once.
/// </summary>
public sealed class RecommenderOptions
{
    /// <summary>The configuration section these options bind from by default.</summary>
    public const string SectionName = "Recommender";

    /// <summary>
    /// How engagements are weighted (kind weights; 7-day half-life). Applies to every model the
    /// <see cref="RecommenderTrainer"/> trains: the <c>Weighting</c> of the nested model options is ignored there.
    /// </summary>
    public EngagementWeightingOptions Weighting { get; set; } = new();

    /// <summary>Collaborative filtering (NMF).</summary>
    public NmfOptions Collaborative { get; set; } = new();

    /// <summary>Content-based model (TF-IDF over tags, authors, text).</summary>
    public ContentOptions Content { get; set; } = new();

    /// <summary>Feature extraction (freshness half-life, time match...).</summary>
    public FeatureOptions Features { get; set; } = new();

    /// <summary>The hybrid ranker (blend, diversity, explanations).</summary>
    public RankingOptions Ranking { get; set; } = new();

    /// <summary>The heuristic fallback ranking.</summary>
    public HeuristicOptions Heuristic { get; set; } = new();

    /// <summary>Serving: cache, time budget, limits, flag defaults, A/B variants.</summary>
    public ServingOptions Serving { get; set; } = new();

    /// <summary>The training pipeline: schedule, evaluation, quality gate, retention.</summary>
    public TrainingOptions Training { get; set; } = new();

    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        Check(errors, prefix, nameof(Weighting), Weighting, (o, e, p) => o.CollectErrors(e, p));
        Check(errors, prefix, nameof(Collaborative), Collaborative, (o, e, p) => o.CollectErrors(e, p));
        Check(errors, prefix, nameof(Content), Content, (o, e, p) => o.CollectErrors(e, p));
        Check(errors, prefix, nameof(Features), Features, (o, e, p) => o.CollectErrors(e, p));
        Check(errors, prefix, nameof(Ranking), Ranking, (o, e, p) => o.CollectErrors(e, p));
        Check(errors, prefix, nameof(Heuristic), Heuristic, (o, e, p) => o.CollectErrors(e, p));
        Check(errors, prefix, nameof(Serving), Serving, (o, e, p) => o.CollectErrors(e, p));
        Check(errors, prefix, nameof(Training), Training, (o, e, p) => o.CollectErrors(e, p));
    }

    /// <summary>Throws when any option is invalid, listing every problem with its path (e.g. "Collaborative:Factors").</summary>
    /// <exception cref="ArgumentException">At least one option is invalid.</exception>
    public void Validate() => OptionsValidation.ThrowIfInvalid(this, CollectErrors);

    /// <summary>Every problem, each prefixed by its option path; empty when valid.</summary>
    /// <param name="prefix">Prepended to each path (e.g. "Recommender:").</param>
    public IReadOnlyList<string> GetErrors(string prefix = "")
    {
        var errors = new List<string>();
        CollectErrors(errors, prefix);
        return errors;
    }

    private static void Check<T>(List<string> errors, string prefix, string name, T? options, Action<T, List<string>, string> collect)
        where T : class
    {
        if (options is null)
        {
            errors.Add($"{prefix}{name} must not be null.");
        }
        else
        {
            collect(options, errors, $"{prefix}{name}:");
        }
    }
}
