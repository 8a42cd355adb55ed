using System.Numerics.Tensors;

namespace Recommender.Ranking;

/// <summary>
/// The last check of a trained <see cref="RecommenderModel"/> before anything saves or serves it: every number of
/// every artefact (collaborative factors and their Gram matrix, the NMF summary, content IDF, post vectors and
/// profiles, feature-store statistics, co-engagement weights, the blend's weights, means and standard deviations) is
/// finite, and the model's times lie in the range a model file may hold. A NaN or an infinity anywhere (a finite but
/// absurd input that overflowed) makes training fail with one line naming the first one found, so that no model that
/// would fail to load, or rank NaN, is ever saved. The pipeline further loads what it saved back from the store
/// before it activates it (the training pipeline).
/// </summary>
internal static class ModelVerifier
{
    /// <summary>The earliest <see cref="RecommenderModelInfo.TrainedAt"/> a model may hold: 1970-01-01 (the Unix epoch).</summary>
    public static readonly DateTimeOffset EarliestTime = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The latest <see cref="RecommenderModelInfo.TrainedAt"/> or data watermark a model may hold: 2200-01-01.</summary>
    public static readonly DateTimeOffset LatestTime = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Returns the model when every check passes.</summary>
    /// <exception cref="InvalidOperationException">A number is not finite or a time is out of range (one line).</exception>
    public static RecommenderModel Verified(RecommenderModel model)
    {
        if (FindProblem(model) is { } problem)
        {
            throw new InvalidOperationException(
                $"Training produced a model that must not be saved: {problem}. Nothing was saved; check the engagement " +
                $"weights (at most {Data.EngagementDefaults.MaxWeight:0} in magnitude) and the kind weights.");
        }

        return model;
    }

    /// <summary>The first problem found, or null.</summary>
    internal static string? FindProblem(RecommenderModel model)
    {
        var info = model.Info;
        if (info.TrainedAt < EarliestTime || info.TrainedAt >= LatestTime)
        {
            return $"TrainedAt {info.TrainedAt:O} lies outside {EarliestTime:yyyy-MM-dd} to {LatestTime:yyyy-MM-dd} (the training clock is wrong)";
        }

        if (info.DataWatermark >= LatestTime)
        {
            return $"DataWatermark {info.DataWatermark:O} lies after {LatestTime:yyyy-MM-dd}";
        }

        return Collaborative(model) ?? Content(model) ?? Features(model) ?? Blend(model);
    }

    private static string? Collaborative(RecommenderModel model)
    {
        if (model.Collaborative is not { } nmf)
        {
            return null;
        }

        var summary = nmf.Summary;
        if (!float.IsFinite(summary.MeanWeight) || !float.IsFinite(summary.Regularization) || !float.IsFinite(summary.Alpha))
        {
            return $"the collaborative model's mean weight {summary.MeanWeight}, regularisation {summary.Regularization} or alpha {summary.Alpha} is not finite";
        }

        for (var i = 0; i < summary.LossHistory.Count; i++)
        {
            if (!double.IsFinite(summary.LossHistory[i]))
            {
                return $"the collaborative model's loss at iteration {i + 1} is {summary.LossHistory[i]}";
            }
        }

        return Finite(nmf.AllUserFactors, "the collaborative user factors")
            ?? Finite(nmf.AllPostFactors, "the collaborative post factors")
            ?? Finite(nmf.PostGram, "the collaborative post Gram matrix");
    }

    private static string? Content(RecommenderModel model)
    {
        var content = model.Content;
        if (Finite(content.Vocabulary.Idf, "the content IDF values") is { } idf)
        {
            return idf;
        }

        for (var p = 0; p < content.Posts.Count; p++)
        {
            foreach (var term in content.GetPostVector(p))
            {
                if (!float.IsFinite(term.Weight))
                {
                    return $"the content vector of post '{content.Posts[p]}' holds {term.Weight}";
                }
            }
        }

        for (var u = 0; u < content.Users.Count; u++)
        {
            if (Finite(content.GetProfileWeights(u), $"the content profile of user '{content.Users[u]}'") is { } profile)
            {
                return profile;
            }
        }

        return null;
    }

    private static string? Features(RecommenderModel model)
    {
        var d = model.Features.Data;
        var graph = d.CoEngagement;
        if (!float.IsFinite(graph.PopularityExponent))
        {
            return $"the co-engagement popularity exponent is {graph.PopularityExponent}";
        }

        return Finite(d.PostVelocity, "the feature store's post velocities")
            ?? Finite(d.ShareValues, "the feature store's author shares")
            ?? Finite(d.TagPrefValues, "the feature store's tag preferences")
            ?? Finite(graph.NeighbourWeights, "the co-engagement weights");
    }

    private static string? Blend(RecommenderModel model)
    {
        var blend = model.Blend;
        if (!float.IsFinite(blend.Bias) || !float.IsFinite(blend.ScoreScale) || !float.IsFinite(blend.ScoreOffset))
        {
            return $"the blend's bias {blend.Bias} or calibration ({blend.ScoreScale}, {blend.ScoreOffset}) is not finite";
        }

        return Finite(blend.Weights, "the blend weights")
            ?? Finite(blend.Means, "the blend means")
            ?? Finite(blend.InverseStd, "the blend's inverse standard deviations");
    }

    private static string? Finite(ReadOnlySpan<float> values, string what)
    {
        if (TensorPrimitives.IsFiniteAll(values))
        {
            return null;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return $"{what} hold {values[i]} at index {i}";
            }
        }

        return null;
    }
}
