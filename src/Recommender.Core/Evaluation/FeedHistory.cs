using System.Runtime.InteropServices;
using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>
/// The engagements a feed-task scorer was told about (<see cref="IFeedEvaluationScorer.Record"/>), per user, beside
/// the user's train engagements (grouped on first need), and which users changed since their state was last rebuilt.
/// </summary>
internal sealed class FeedHistory(IReadOnlyList<Engagement> train)
{
    private readonly Dictionary<string, List<Engagement>> _recorded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private Dictionary<string, List<Engagement>>? _train;

    public void Record(in Engagement engagement)
    {
        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_recorded, engagement.UserId, out _);
        (list ??= []).Add(engagement);
        _changed.Add(engagement.UserId);
    }

    /// <summary>True once after each change of the user (the caller rebuilds the user's state).</summary>
    public bool TakeChanged(string userId) => _changed.Remove(userId);

    /// <summary>The engagements recorded for the user, oldest first.</summary>
    public IReadOnlyList<Engagement> Recorded(string userId) => _recorded.TryGetValue(userId, out var list) ? list : [];

    /// <summary>The user's train engagements, then the recorded ones.</summary>
    public IEnumerable<Engagement> All(string userId)
    {
        if (_train is null)
        {
            _train = new Dictionary<string, List<Engagement>>(StringComparer.Ordinal);
            foreach (var e in train)
            {
                ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_train, e.UserId, out _);
                (list ??= []).Add(e);
            }
        }

        return _train.TryGetValue(userId, out var trained) ? trained.Concat(Recorded(userId)) : Recorded(userId);
    }
}
