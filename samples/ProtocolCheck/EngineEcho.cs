using TypedSockets.EngineIO;

namespace ProtocolCheck;

/// <summary>Sends every message a client sends back to it unchanged (text as text, binary as binary).</summary>
internal sealed class EngineEcho : IEngineSessionHandler
{
    public ValueTask OnOpenAsync(IEngineSession session) => ValueTask.CompletedTask;

    public ValueTask OnMessageAsync(IEngineSession session, ReadOnlyMemory<byte> payload, bool isBinary)
    {
        using var writer = new EngineMessageWriter(payload.Length);
        payload.Span.CopyTo(writer.GetSpan(payload.Length));
        writer.Advance(payload.Length);
        var message = writer.ToMessage(isBinary);
        session.Send(message);
        message.Release();
        return ValueTask.CompletedTask;
    }

    public void OnClose(IEngineSession session, string reason)
    {
    }
}
