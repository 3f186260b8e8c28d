using Microsoft.AspNetCore.Http;
using TypedSockets.EngineIO;

namespace TypedSockets.Tests.SocketIO;

/// <summary>An Engine.IO session that takes every message and keeps none, so a test can count what the layer above allocates.</summary>
internal sealed class SinkEngineSession : IEngineSession
{
    public string Id { get; } = Guid.NewGuid().ToString("N");

    public EngineHandshake Handshake { get; } = new(new HeaderDictionary(), new QueryCollection(), null, new(), "/socket.io/");

    /// <summary>What the server answered when this session was opened.</summary>
    public IEngineSessionHandler? Handler { get; set; }

    public CancellationToken Closed => CancellationToken.None;

    public int Received { get; private set; }

    public EngineMessage? Last { get; private set; }

    public bool Send(EngineMessage message)
    {
        // Holds a reference to the last message, as a session holds what it queued, so it stays readable.
        Received++;
        message.Retain();
        Last?.Release();
        Last = message;
        return true;
    }

    public void Close(string reason)
    {
    }
}
