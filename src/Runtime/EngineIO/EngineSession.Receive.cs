using System.Runtime.CompilerServices;

namespace TypedSockets.EngineIO;

internal sealed partial class EngineSession
{
    /// <summary>
    /// Gives one incoming text packet its meaning, whatever transport carried it (engine.io's <c>onPacket</c>):
    /// a message goes to the handler, a pong re-arms the heartbeat, a close ends the session, and anything the
    /// spec does not allow from a client closes it with "parse error". Transports only split their input into
    /// packets (a WebSocket frame, or a polling payload's <c>\x1e</c>-separated parts) and call this in order.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal async ValueTask<EnginePacketOutcome> OnPacketAsync(ReadOnlyMemory<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return Refuse("empty packet");
        }

        switch (packet.Span[0])
        {
            case (byte)EnginePacketType.Message:
                await DeliverAsync(packet[1..], isBinary: false).ConfigureAwait(false);
                return EnginePacketOutcome.Handled;
            case (byte)EnginePacketType.Pong:
                OnPong();
                return EnginePacketOutcome.Handled;
            case (byte)EnginePacketType.Close:
                Terminate(EngineCloseReason.TransportClose, EngineCloseMode.ClientClose, "close packet from the client");
                return EnginePacketOutcome.ClientClosed;
            case (byte)EnginePacketType.Ping:
                return Refuse("ping from the client (the server sends pings in Engine.IO v4)");

            // An open, an upgrade outside an upgrade, or a noop carries nothing for a session that is running;
            // engine.io ignores them too.
            case (byte)EnginePacketType.Open or (byte)EnginePacketType.Upgrade or (byte)EnginePacketType.Noop:
                return EnginePacketOutcome.Handled;
            default:
                return Refuse("unknown packet type");
        }
    }

    /// <summary>
    /// The meaning of a text packet on a WebSocket that probes to take over this session (engine.io's
    /// <c>maybeUpgrade</c>): only <c>2probe</c>, then <c>5</c>, are part of an upgrade.
    /// </summary>
    internal static EngineUpgradePacket ReadUpgradePacket(ReadOnlySpan<byte> packet, bool probed) => packet switch
    {
        _ when !probed && packet.SequenceEqual("2probe"u8) => EngineUpgradePacket.Probe,
        [(byte)EnginePacketType.Upgrade] when probed => EngineUpgradePacket.Upgrade,
        _ => EngineUpgradePacket.Unexpected,
    };

    /// <summary>One binary attachment (a WebSocket binary frame, or a polling <c>b</c> packet once decoded from base64).</summary>
    internal ValueTask OnBinaryAsync(ReadOnlyMemory<byte> attachment) => DeliverAsync(attachment, isBinary: true);

    /// <summary>
    /// The one error path for input that is not Engine.IO, whoever found it (this handler, or a transport
    /// decoding its framing): logged once, then the session closes with "parse error".
    /// </summary>
    internal EnginePacketOutcome Refuse(string detail)
    {
        EngineLog.ProtocolViolation(_server.Logger, Id, detail);
        _server.Metrics.Error(Diagnostics.TypedSocketsMetrics.Errors.BadPacket, null);
        Terminate(EngineCloseReason.ParseError, EngineCloseMode.Discard, detail);
        return EnginePacketOutcome.Refused;
    }
}
