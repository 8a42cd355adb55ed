using Recommender.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

/// <summary>A model whose score is a function of (user, post id); records what it was asked.</summary>
internal sealed class FunctionModel(string name, Func<string, string, float> score) : IEvaluationModel
{
    public string Name => name;

    public EvaluationTrainingSet? Training { get; private set; }

    /// <summary>The candidate post ids each user was asked to score.</summary>
    public Dictionary<string, string[]> Candidates { get; } = [];

    public Action? OnFit { get; init; }

    public IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default)
    {
        Training = training;
        OnFit?.Invoke();
        return new Scorer(this, training);
    }

    private sealed class Scorer(FunctionModel model, EvaluationTrainingSet training) : IEvaluationScorer
    {
        public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> scores)
        {
            var ids = new string[candidates.Length];
            for (var i = 0; i < candidates.Length; i++)
            {
                ids[i] = training.Catalog[candidates[i]];
                scores[i] = model.OnScore(userId, ids[i]);
            }

            model.Candidates[userId] = ids;
        }
    }

    private float OnScore(string user, string post) => score(user, post);
}
