namespace Recommender.Evaluation;

/// <summary>One window of the feed task (<see cref="EvaluationTask.Feed"/>) for one model.</summary>
/// <param name="Start">The window's start: the moment the ranking happened.</param>
/// <param name="Ndcg">The mean NDCG@k over the window's scored users (0 when none).</param>
/// <param name="Pairs">The users scored in the window (those with a relevant candidate in it).</param>
public sealed record FeedWindow(DateTimeOffset Start, double Ndcg, int Pairs);
