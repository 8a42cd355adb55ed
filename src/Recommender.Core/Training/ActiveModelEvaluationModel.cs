using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Ranking;

namespace Recommender.Training;

/// <summary>The model serving now, evaluated as is (no training): the yardstick of the quality gate.</summary>
internal sealed class ActiveModelEvaluationModel(RecommenderModel model, RankingOptions ranking) : IEvaluationModel
{
    public string Name => "active";

    public IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default)
    {
        var ranker = new HybridRanker(model, ranking, new FixedTimeProvider(training.RankingTime));
        var byId = new Dictionary<string, Post>(StringComparer.Ordinal);
        foreach (var post in training.Posts)
        {
            byId[post.Id] = post;
        }

        var posts = new Post[training.Catalog.Count];
        var store = new int[posts.Length];
        for (var i = 0; i < posts.Length; i++)
        {
            var id = training.Catalog[i];
            posts[i] = byId.TryGetValue(id, out var post) ? post : new Post(id, null, DateTimeOffset.UnixEpoch);
            store[i] = model.Features.Posts.IndexOf(id);
        }

        return new Scorer(ranker, posts, store);
    }

    private sealed class Scorer(HybridRanker ranker, Post[] posts, int[] store) : IEvaluationScorer
    {
        public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> scores)
        {
            var indices = new int[candidates.Length];
            var items = new Post?[candidates.Length];
            for (var i = 0; i < candidates.Length; i++)
            {
                indices[i] = store[candidates[i]];
                items[i] = posts[candidates[i]];
            }

            ranker.Score(new RankingUser(userId), indices, items, scores);
        }
    }
}
