using System.Net;
using System.Net.Sockets;
using TypedSockets.Testing;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// A redis-server of its own on a free port of 127.0.0.1, without persistence (a restart starts empty, as after a
/// crash of a cache). Never a system instance.
/// </summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private RunningProcess? _process;

    private RedisServerProcess(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServerProcess> StartAsync()
    {
        var server = NotStarted();
        await server.RestartAsync();
        return server;
    }

    /// <summary>A free port with no server on it yet; <see cref="RestartAsync"/> starts it.</summary>
    public static RedisServerProcess NotStarted() => new(FreePort());

    /// <summary>Starts it (again) on its port.</summary>
    public async Task RestartAsync()
    {
        _process = RunningProcess.Start(
            "redis-server",
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no"]);

        // redis-server logs this once its port accepts connections.
        await _process.WaitForOutputAsync("Ready to accept connections", TimeSpan.FromSeconds(10));
    }

    /// <summary>Kills it (no goodbye to its clients, as when a server dies).</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        await _process.DisposeAsync();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
