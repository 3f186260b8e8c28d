using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TypedSockets.Testing.Client;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a server, over real sockets: it forwards bytes both ways and lets a test kill
/// every connection it carries (a network drop, with no close handshake) or refuse WebSocket upgrades as a proxy or
/// firewall that blocks them does (HTTP 403 to a request carrying <c>Upgrade: websocket</c>).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly bool _refuseWebSockets;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _open = [];
    private readonly Task _acceptLoop;
    private int _refusedUpgrades;

    private TcpProxy(int targetPort, bool refuseWebSockets)
    {
        _targetPort = targetPort;
        _refuseWebSockets = refuseWebSockets;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The proxy's address, to give the client instead of the server's.</summary>
    public Uri Uri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>WebSocket upgrade requests answered with 403.</summary>
    public int RefusedUpgrades => Volatile.Read(ref _refusedUpgrades);

    /// <summary>A proxy to <paramref name="targetPort"/> on 127.0.0.1.</summary>
    public static TcpProxy Start(int targetPort, bool refuseWebSockets = false) => new(targetPort, refuseWebSockets);

    /// <summary>Resets every connection carried so far (both sides see the connection die, with no close handshake).</summary>
    public void KillConnections()
    {
        Socket[] open;
        lock (_open)
        {
            open = [.. _open];
            _open.Clear();
        }

        foreach (var socket in open)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        KillConnections();
        try
        {
            await _acceptLoop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            _ = CarryAsync(client);
        }
    }

    private async Task CarryAsync(Socket client)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        Track(client);
        Track(server);
        try
        {
            // The first bytes of a connection are an HTTP request head: a WebSocket handshake never reaches the server.
            var head = new byte[8192];
            var read = await client.ReceiveAsync(head, SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                return;
            }

            if (_refuseWebSockets && Encoding.ASCII.GetString(head, 0, read).Contains("upgrade: websocket", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref _refusedUpgrades);
                await client.SendAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), SocketFlags.None);
                client.Shutdown(SocketShutdown.Send);
                return;
            }

            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            await server.SendAsync(head.AsMemory(0, read), SocketFlags.None, _stop.Token);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A killed or ended connection.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side died: the other goes with it below.
        }
    }

    private void Track(Socket socket)
    {
        lock (_open)
        {
            _open.Add(socket);
        }
    }
}
