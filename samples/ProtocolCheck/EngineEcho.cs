using TypedSockets.EngineIO;

namespace ProtocolCheck;

/// <summary>Sends every message a client sends back to it unchanged (text as text, binary as binary).</summary>
internal sealed class EngineEcho : IEngineSessionAcceptor
{
    public IEngineSessionHandler OnOpen(IEngineSession session) => new SessionHandler(this, session);

    private ValueTask OnMessageAsync(IEngineSession session, ReadOnlyMemory<byte> payload, bool isBinary)
    {
        using var writer = new EngineMessageWriter(payload.Length);
        payload.Span.CopyTo(writer.GetSpan(payload.Length));
        writer.Advance(payload.Length);
        var message = writer.ToMessage(isBinary);
        session.Send(message);
        message.Release();
        return ValueTask.CompletedTask;
    }

    private sealed class SessionHandler(EngineEcho owner, IEngineSession session) : IEngineSessionHandler
    {
        public ValueTask OnMessageAsync(ReadOnlyMemory<byte> payload, bool isBinary) => owner.OnMessageAsync(session, payload, isBinary);

        public void OnClose(EngineCloseReason reason)
        {
        }
    }
}
