using Microsoft.Extensions.Logging;
using Npgsql;

namespace Recommender.Postgres.Notifications;

/// <summary>
/// Follows changes to one of the SDK's tables made by any instance: a background loop holds a dedicated connection
/// that <c>LISTEN</c>s on the schema's channel and calls <c>refresh</c> when a notification with its topic arrives,
/// and once after every (re)connection, to catch up with what it missed. When the connection fails it reconnects
/// with backoff (0.5 s doubling to 30 s) and meanwhile calls <c>refresh</c> every poll interval, so changes still
/// arrive, late, when LISTEN is impossible (a transaction-pooling proxy). While connected and idle, the connection
/// is checked with <c>SELECT 1</c> every poll interval. Refresh failures are logged and retried; the loop never
/// dies until disposed. Two additions serve engagement propagation: a payload <c>topic:data</c> is handed to
/// <c>onPayload</c> as it arrives (the data only), and with <c>refreshWhileListening</c> the refresh also runs every
/// poll interval while connected (the idle check then runs at most every <c>pingInterval</c>).
/// </summary>
internal sealed class ChangeListener : IAsyncDisposable, IDisposable
{
    internal static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(500);
    internal static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _channel;
    private readonly string _topic;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<CancellationToken, Task> _refresh;
    private readonly bool _listen;
    private readonly Action<string>? _onPayload;
    private readonly string _payloadPrefix;
    private readonly bool _refreshWhileListening;
    private readonly TimeSpan _pingInterval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _loop;
    private int _processId;
    private bool _disposed;

    /// <param name="dataSource">The database.</param>
    /// <param name="channel">The channel: the schema name.</param>
    /// <param name="topic">The payload to react to (<see cref="ChangeTopics"/>).</param>
    /// <param name="pollInterval">How often to refresh while not listening, and to check an idle connection.</param>
    /// <param name="time">Clock for the waits.</param>
    /// <param name="logger">Receives connection and refresh problems.</param>
    /// <param name="refresh">Re-reads the table and tells the owner's subscribers when something changed.</param>
    /// <param name="listen">False: never LISTEN, only poll (tests of the fallback).</param>
    /// <param name="onPayload">Receives the data of a payload <c>topic:data</c>, on the listener's thread; must not throw.</param>
    /// <param name="refreshWhileListening">True: refresh every poll interval even while connected.</param>
    /// <param name="pingInterval">With <paramref name="refreshWhileListening"/>: how often to check an idle connection; default the poll interval.</param>
    public ChangeListener(NpgsqlDataSource dataSource, string channel, string topic, TimeSpan pollInterval, TimeProvider time, ILogger logger, Func<CancellationToken, Task> refresh, bool listen = true, Action<string>? onPayload = null, bool refreshWhileListening = false, TimeSpan? pingInterval = null)
    {
        _onPayload = onPayload;
        _payloadPrefix = topic + ":";
        _refreshWhileListening = refreshWhileListening;
        _pingInterval = pingInterval ?? pollInterval;
        _dataSource = dataSource;
        _channel = channel;
        _topic = topic;
        _pollInterval = pollInterval;
        _time = time;
        _logger = logger;
        _refresh = refresh;
        _listen = listen;
    }

    /// <summary>The server process id of the listening connection, or 0 while not connected (tests kill it).</summary>
    public int ListenerProcessId => Volatile.Read(ref _processId);

    /// <summary>Starts the loop once; later calls do nothing.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    public void Dispose()
    {
        Task? loop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
        }

        _stop.Cancel();
        loop?.Wait(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var reconnectDelay = FirstReconnectDelay;
        var nextConnect = _time.GetUtcNow();
        var nextPoll = _listen ? DateTimeOffset.MaxValue : _time.GetUtcNow();
        try
        {
            while (true)
            {
                if (_listen && _time.GetUtcNow() >= nextConnect)
                {
                    var connected = false;
                    try
                    {
                        await ListenAsync(() => { connected = true; reconnectDelay = FirstReconnectDelay; }, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        Log.ListenerDisconnected(_logger, ex, _channel, _topic, reconnectDelay.TotalSeconds);
                    }
                    finally
                    {
                        Volatile.Write(ref _processId, 0);
                    }

                    nextConnect = _time.GetUtcNow() + reconnectDelay;
                    reconnectDelay = TimeSpan.FromTicks(Math.Min(reconnectDelay.Ticks * 2, MaxReconnectDelay.Ticks));
                    if (connected || nextPoll == DateTimeOffset.MaxValue)
                    {
                        nextPoll = _time.GetUtcNow(); // just lost the connection: catch up now by polling
                    }
                }

                if (_time.GetUtcNow() >= nextPoll)
                {
                    await TryRefreshAsync(cancellationToken).ConfigureAwait(false);
                    nextPoll = _time.GetUtcNow() + _pollInterval;
                }

                var wake = _listen && nextConnect < nextPoll ? nextConnect : nextPoll;
                var wait = wake - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed: whatever the cancelled wait threw (Npgsql may report a cancelled read as its own exception).
        }
    }

    /// <summary>Connects, LISTENs, refreshes, then refreshes on every notification until the connection fails.</summary>
    private async Task ListenAsync(Action onConnected, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var pending = 0;
        connection.Notification += (_, e) =>
        {
            if (!string.Equals(e.Channel, _channel, StringComparison.Ordinal))
            {
                return;
            }

            if (string.Equals(e.Payload, _topic, StringComparison.Ordinal))
            {
                Volatile.Write(ref pending, 1);
            }
            else if (_onPayload is not null && e.Payload.StartsWith(_payloadPrefix, StringComparison.Ordinal))
            {
                _onPayload(e.Payload[_payloadPrefix.Length..]);
            }
        };

        using (var listen = new NpgsqlCommand($"LISTEN {PgIdentifier.Quote(_channel)}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        Volatile.Write(ref _processId, connection.ProcessID);
        onConnected();
        Log.ListenerConnected(_logger, _channel, _topic);
        var retry = !await TryRefreshAsync(cancellationToken).ConfigureAwait(false);
        using var ping = new NpgsqlCommand("SELECT 1", connection);
        var nextRefresh = _time.GetUtcNow() + _pollInterval;
        var lastPing = _time.GetUtcNow();
        while (true)
        {
            var timeout = retry ? FirstReconnectDelay : _pollInterval;
            if (_refreshWhileListening)
            {
                var untilRefresh = nextRefresh - _time.GetUtcNow();
                timeout = TimeSpan.FromTicks(Math.Clamp(untilRefresh.Ticks, TimeSpan.TicksPerMillisecond, timeout.Ticks)); // 0 would wait forever
            }

            if (!await connection.WaitAsync(timeout, cancellationToken).ConfigureAwait(false)
                && (!_refreshWhileListening || _time.GetUtcNow() - lastPing >= _pingInterval))
            {
                // Idle: make sure the connection is still alive (this also delivers any queued notification).
                await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                lastPing = _time.GetUtcNow();
            }

            var due = _refreshWhileListening && _time.GetUtcNow() >= nextRefresh;
            if (Interlocked.Exchange(ref pending, 0) == 1 || retry || due)
            {
                retry = !await TryRefreshAsync(cancellationToken).ConfigureAwait(false);
                nextRefresh = _time.GetUtcNow() + _pollInterval;
            }
        }
    }

    private async Task<bool> TryRefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _refresh(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RefreshFailed(_logger, ex, _channel, _topic);
            return false;
        }
    }
}
