using Microsoft.AspNetCore.Http;
using TypedSockets.EngineIO;

namespace TypedSockets.Benchmarks.Hubs;

/// <summary>An Engine.IO session that accepts every message and sends nothing (acks end here).</summary>
internal sealed class NullEngineSession : IEngineSession
{
    public string Id => "bench";

    public EngineHandshake Handshake { get; } = new(new HeaderDictionary(), new QueryCollection(), null, new(), "/socket.io/");


    public CancellationToken Closed => CancellationToken.None;

    public bool Send(EngineMessage message) => true;

    public void Close(string reason)
    {
    }
}
