using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.EngineIO;
using TypedSockets.WebSockets;

namespace TypedSockets.Benchmarks.EngineIO;

/// <summary>
/// Engine.IO sessions on the WebSocket transport over in-memory streams: the server's real session, queue,
/// send loop, framing and receive loop, with no sockets and no HTTP in the way.
/// </summary>
internal sealed class InMemoryEngine : IDisposable
{
    private static readonly EngineHandshake Handshake = new(new HeaderDictionary(), QueryCollection.Empty, IPAddress.Loopback, new ClaimsPrincipal(), EngineOptions.DefaultPath);

    private readonly List<(EngineSession Session, MemoryPeerStream Stream, Task Running)> _open = [];
    private int _nextId;

    public InMemoryEngine(IEngineSessionAcceptor handler)
    {
        // No heartbeat during a benchmark: nobody answers pings here.
        var options = new EngineOptions { PingInterval = TimeSpan.FromDays(1), PingTimeout = TimeSpan.FromDays(1) };
        Server = new EngineServer(options, handler, NullLoggerFactory.Instance, TimeProvider.System);
    }

    public EngineServer Server { get; }

    /// <summary>Everything the server wrote to any session's stream.</summary>
    public WriteCounter Written { get; } = new();

    /// <summary>Opens a session whose client sends <paramref name="clientRun"/> (masked frames) each time its stream is fed.</summary>
    public async Task<(EngineSession Session, MemoryPeerStream Stream)> OpenAsync(byte[] clientRun)
    {
        var stream = new MemoryPeerStream(clientRun, Written);
        var connection = WebSocketConnection.CreateFromStream(stream, isServer: true, Server.WebSocketOptions, NullLogger.Instance);
        WebSocketTransport? transport = null;
        var session = new EngineSession(Server, $"session{_nextId++}", Handshake, created => transport = new WebSocketTransport(created, connection));
        await session.OpenAsync();
        _open.Add((session, stream, transport!.RunAsync()));
        return (session, stream);
    }

    public void Dispose()
    {
        foreach (var (session, stream, running) in _open)
        {
            session.Terminate(EngineCloseReason.ForcedClose, EngineCloseMode.Discard);
            stream.Dispose();
            running.Wait(TimeSpan.FromSeconds(5));
        }

        Server.Dispose();
    }
}
