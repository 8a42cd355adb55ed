using Microsoft.Extensions.Options;
using Recommender;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The <see cref="RecommenderOptions"/> that <see cref="IOptionsMonitor{TOptions}"/> delivered last: the value at
/// creation (validated: invalid options throw then, as at start), then each value its change notification carries.
/// The monitor computes and validates a reloaded value before notifying; an invalid one throws there and is never
/// delivered, so the last valid options stay. Reading <see cref="Get"/> is one field read, cheap enough for every
/// request.
/// </summary>
internal sealed class LatestRecommenderOptions : IDisposable
{
    private readonly IDisposable? _subscription;
    private RecommenderOptions _latest;

    public LatestRecommenderOptions(IOptionsMonitor<RecommenderOptions> monitor)
    {
        _latest = monitor.CurrentValue;
        _subscription = monitor.OnChange((options, name) =>
        {
            if (name is null || name == Options.Options.DefaultName)
            {
                Volatile.Write(ref _latest, options);
            }
        });
    }

    public RecommenderOptions Get() => Volatile.Read(ref _latest);

    public void Dispose() => _subscription?.Dispose();
}
