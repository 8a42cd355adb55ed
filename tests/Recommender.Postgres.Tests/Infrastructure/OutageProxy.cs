using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Recommender.Postgres.Tests.Infrastructure;

/// <summary>
/// A TCP proxy in front of the test server that can simulate the database going down and coming back:
/// <see cref="StopAsync"/> closes every connection and refuses new ones (like a stopped server), <see cref="Start"/>
/// accepts again on the same port. Point a data source at <see cref="ConnectionString"/>.
/// </summary>
public sealed class OutageProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _running;
    private Task? _accepting;

    public OutageProxy(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var address = Dns.GetHostAddresses(builder.Host!).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        _target = new IPEndPoint(address, builder.Port);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port, Timeout = 3 }.ConnectionString;
        Start();
    }

    public int Port { get; }

    public string ConnectionString { get; }

    public void Start()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _running = new CancellationTokenSource();
            _accepting = AcceptAsync(_listener, _running.Token);
        }
    }

    public async Task StopAsync()
    {
        TcpListener? listener;
        CancellationTokenSource? running;
        Task? accepting;
        TcpClient[] open;
        lock (_gate)
        {
            (listener, running, accepting) = (_listener, _running, _accepting);
            (_listener, _running, _accepting) = (null, null, null);
            open = [.. _open];
            _open.Clear();
        }

        if (listener is null)
        {
            return;
        }

        await running!.CancelAsync();
        listener.Stop();
        foreach (var client in open)
        {
            try
            {
                client.Client?.LingerState = new LingerOption(true, 0); // reset, as a dying server's connections are
            }
            catch (ObjectDisposedException)
            {
            }

            client.Dispose();
        }

        try
        {
            await accepting!;
        }
        catch (OperationCanceledException)
        {
        }

        running.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_target, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_gate)
            {
                _open.Add(client);
                _open.Add(server);
            }

            _ = PumpAsync(client, server, cancellationToken);
            _ = PumpAsync(server, client, cancellationToken);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken cancellationToken)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
