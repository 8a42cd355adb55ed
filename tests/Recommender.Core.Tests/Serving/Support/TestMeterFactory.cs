using System.Diagnostics.Metrics;

namespace Recommender.Core.Tests.Serving.Support;

/// <summary>
/// A minimal <see cref="IMeterFactory"/> (what <c>services.AddMetrics()</c> provides) so that
/// <c>MetricCollector&lt;T&gt;</c> can listen to one engine's meter without a package for DI metrics.
/// </summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }

            _meters.Clear();
        }
    }
}
