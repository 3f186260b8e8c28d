using System.Buffers.Text;

namespace TypedSockets.Bench.LoadGen;

/// <summary>Plain WebSocket echo: the message is the payload with its first 16 bytes replaced by the id in decimal.</summary>
internal sealed class RawDialect : Dialect
{
    private const int IdDigits = 16;

    public override string Name => "raw";

    public override string DefaultPath => "/echo";

    public override bool SupportsRooms => false;

    public override Task OpenAsync(WsClient client, CancellationToken cancellationToken) => Task.CompletedTask;

    public override int WriteCall(Span<byte> destination, ReadOnlySpan<byte> method, long id, ReadOnlySpan<byte> argument, bool hasArgument)
    {
        id.TryFormat(destination, out _, "D16");
        var rest = argument.Length > IdDigits ? argument[IdDigits..] : default;
        rest.CopyTo(destination[IdDigits..]);
        return IdDigits + rest.Length;
    }

    public override void Dispatch(ReadOnlySpan<byte> message, IInbound inbound)
    {
        if (message.Length < IdDigits || !Utf8Parser.TryParse(message[..IdDigits], out long id, out var digits) || digits != IdDigits)
        {
            inbound.OnUnexpected(message);
            return;
        }

        inbound.OnAck(id, message[IdDigits..]);
    }

    public override ReadOnlySpan<byte> EchoOf(ReadOnlySpan<byte> payload) => payload.Length > IdDigits ? payload[IdDigits..] : default;
}
