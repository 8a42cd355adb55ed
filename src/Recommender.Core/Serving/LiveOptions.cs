using Microsoft.Extensions.Logging;

namespace Recommender.Serving;

/// <summary>
/// The engine's options as they stand now. Built over a fixed <see cref="RecommenderOptions"/> nothing changes; over a
/// source (the DI package passes <c>IOptionsMonitor.CurrentValue</c> as it was last delivered) each read checks whether
/// the source hands out another instance: if so it is validated and, when valid, becomes current (and
/// <see cref="Changed"/> fires once); invalid values are logged and the last valid ones stay. A read costs one
/// delegate call and a reference comparison, so every request sees the options of its time.
/// What reloads and what not is documented in docs/hosting.md ("Options that reload").
/// </summary>
internal sealed class LiveOptions
{
    private readonly Func<RecommenderOptions>? _source;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private RecommenderOptions _current;
    private RecommenderOptions _seen;

    public LiveOptions(RecommenderOptions initial, Func<RecommenderOptions>? source, ILogger logger)
    {
        _current = _seen = initial;
        _source = source;
        _logger = logger;
    }

    /// <summary>Raised (previous, next) after new valid options became current, on the thread that noticed them.</summary>
    public event Action<RecommenderOptions, RecommenderOptions>? Changed;

    /// <summary>The current options (never invalid).</summary>
    public RecommenderOptions Current
    {
        get
        {
            if (_source is not null)
            {
                Poll(_source);
            }

            return Volatile.Read(ref _current);
        }
    }

    private void Poll(Func<RecommenderOptions> source)
    {
        RecommenderOptions next;
        try
        {
            next = source();
        }
        catch (Exception ex)
        {
            Log.OptionsUnreadable(_logger, ex);
            return;
        }

        if (next is null || ReferenceEquals(next, Volatile.Read(ref _seen)))
        {
            return;
        }

        RecommenderOptions previous;
        lock (_gate)
        {
            if (ReferenceEquals(next, _seen))
            {
                return;
            }

            _seen = next;
            try
            {
                next.Validate();
            }
            catch (ArgumentException ex)
            {
                Log.OptionsUnreadable(_logger, ex);
                return;
            }

            previous = _current;
            Volatile.Write(ref _current, next);
        }

        Log.OptionsReloaded(_logger);
        Changed?.Invoke(previous, next);
    }
}
