using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Recommender.Data;
using Recommender.Postgres.Notifications;
using Recommender.Serving;

namespace Recommender.Postgres.Propagation;

/// <summary>
/// Engagements between instances through PostgreSQL, two ways at once. For latency, every engagement an engine
/// records is sent with <c>pg_notify</c> on the schema's channel (in batches, by a background loop: the request never
/// waits for the database) and applied by every listening instance within milliseconds. So that nothing stored is
/// missed (a notification sent while an instance was not listening is lost), every instance also polls the host's
/// engagement table every <see cref="PostgresRecommenderOptions.EngagementPollInterval"/>: one
/// <c>SELECT ... WHERE created_at &gt; watermark - lookback</c> on an index, on the listener of the model and flag
/// changes (<see cref="ChangeListener"/>). The engine drops repeats, so at-least-once delivery counts each engagement
/// once. Failures (database down) are logged, never thrown: the watermark stays, and the next poll catches up.
/// </summary>
internal sealed class PostgresEngagementPropagation : IEngagementPropagation, IAsyncDisposable, IDisposable
{
    private const int OutboxCapacity = 10_000;
    private const int NotifyBatch = 200;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresDataSource _table;
    private readonly string _channel;
    private readonly PostgresRecommenderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Engagement> _outbox;
    private readonly ChangeListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Action<Engagement>[] _subscribers = [];
    private Task? _sender;
    private DateTimeOffset _watermark;
    private long _dropped;
    private long _polls;
    private readonly bool _enabled;
    private bool _disposed;

    public PostgresEngagementPropagation(NpgsqlDataSource dataSource, PostgresRecommenderOptions options, TimeProvider? time = null, ILogger? logger = null, bool listen = true, bool enabled = true)
    {
        _enabled = enabled;
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dataSource = dataSource;
        _options = options;
        _channel = options.Schema;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _table = new PostgresDataSource(dataSource, options.HostTables);
        _outbox = Channel.CreateBounded<Engagement>(
            new BoundedChannelOptions(OutboxCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        _listener = new ChangeListener(dataSource, _channel, ChangeTopics.Engagement, options.EngagementPollInterval, _time, _logger, PollAsync, listen, OnPayload, refreshWhileListening: true, pingInterval: options.PollInterval);
    }

    /// <summary>The server process id of the listening connection, or 0 while not connected (tests kill it).</summary>
    internal int ListenerProcessId => _listener.ListenerProcessId;

    /// <summary>The time up to which the host's table has been read (engagements after it minus the lookback are read again).</summary>
    internal DateTimeOffset Watermark
    {
        get
        {
            lock (_gate)
            {
                return _watermark;
            }
        }
    }

    /// <summary>How many polls of the host's table completed (tests wait for one more).</summary>
    internal long Polls => Interlocked.Read(ref _polls);

    public void Publish(Engagement engagement)
    {
        if (!_enabled || Volatile.Read(ref _disposed))
        {
            return;
        }

        _outbox.Writer.TryWrite(engagement);
    }

    public IDisposable Subscribe(Action<Engagement> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_sender is null && _enabled)
            {
                _watermark = _time.GetUtcNow();
                _sender = Task.Run(() => SendAsync(_stop.Token));
                _listener.Start();
            }

            _subscribers = [.. _subscribers, apply];
        }

        return new Subscription(this, apply);
    }

    public async ValueTask DisposeAsync()
    {
        Task? sender;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            sender = _sender;
        }

        _outbox.Writer.TryComplete();
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        if (sender is not null)
        {
            await sender.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Reads the host's table after the watermark (minus the lookback) and delivers every row.</summary>
    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var since = Watermark - _options.EngagementLookback;
        var latest = DateTimeOffset.MinValue;
        var count = 0;
        await foreach (var e in _table.ReadEngagementsAsync(since, cancellationToken).ConfigureAwait(false))
        {
            Deliver(e);
            count++;
            if (e.Timestamp > latest)
            {
                latest = e.Timestamp;
            }
        }

        // Never past the clock: a row dated in the future would otherwise hide the rows stored after it.
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var next = latest > now ? now : latest;
            if (next > _watermark)
            {
                _watermark = next;
            }

            Log.EngagementsPolled(_logger, count, since, _watermark);
        }

        Interlocked.Increment(ref _polls);
    }

    private void OnPayload(string data)
    {
        if (EngagementPayload.TryParse(data, out var engagement))
        {
            Deliver(engagement);
        }
        else
        {
            Log.EngagementPayloadMalformed(_logger, _channel);
        }
    }

    private void Deliver(Engagement engagement)
    {
        foreach (var apply in Volatile.Read(ref _subscribers))
        {
            try
            {
                apply(engagement);
            }
            catch (Exception ex)
            {
                Log.EngagementSubscriberFailed(_logger, ex);
            }
        }
    }

    /// <summary>Sends queued engagements in batches of up to 200, one <c>pg_notify</c> statement per batch.</summary>
    private async Task SendAsync(CancellationToken cancellationToken)
    {
        var batch = new List<string>(NotifyBatch);
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < NotifyBatch && _outbox.Reader.TryRead(out var e))
                {
                    batch.Add(ChangeTopics.Engagement + ":" + EngagementPayload.Format(e));
                }

                if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
                {
                    Log.EngagementOutboxFull(_logger, dropped);
                }

                try
                {
                    var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    await using (connection.ConfigureAwait(false))
                    {
                        using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, p) FROM unnest(@payloads) AS p", connection);
                        notify.Parameters.AddWithValue("channel", NpgsqlDbType.Text, _channel);
                        notify.Parameters.AddWithValue("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text, batch.ToArray());
                        await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.EngagementNotifyFailed(_logger, ex, _channel, batch.Count);
                    await Task.Delay(ChangeListener.FirstReconnectDelay, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private void Unsubscribe(Action<Engagement> apply)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => s != apply)];
        }
    }

    private sealed class Subscription(PostgresEngagementPropagation owner, Action<Engagement> apply) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(apply);
            }
        }
    }
}
