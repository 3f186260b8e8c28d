using System.Buffers.Text;
using System.Text;

namespace TypedSockets.Bench.LoadGen;

/// <summary>Socket.IO v5 over Engine.IO v4 on the WebSocket transport, default namespace, text packets only.</summary>
internal sealed class SocketIODialect : Dialect
{
    public override string Name => "socketio";

    public override string DefaultPath => "/socket.io/?EIO=4&transport=websocket";

    public override bool SupportsRooms => true;

    public override async Task OpenAsync(WsClient client, CancellationToken cancellationToken)
    {
        var open = await ReceiveSetupMessageAsync(client, cancellationToken);
        if (open.Length == 0 || open[0] != (byte)'0')
        {
            throw new IOException($"Expected the Engine.IO open packet, got '{Encoding.UTF8.GetString(open)}'.");
        }

        client.AppendText("40"u8);
        await client.FlushAsync(cancellationToken);
        while (true)
        {
            var reply = await ReceiveSetupMessageAsync(client, cancellationToken);
            if (reply.AsSpan().SequenceEqual("2"u8))
            {
                client.AppendText("3"u8);
                continue;
            }

            if (!reply.AsSpan().StartsWith("40"u8))
            {
                throw new IOException($"Expected the namespace CONNECT, got '{Encoding.UTF8.GetString(reply)}'.");
            }

            return;
        }
    }

    public override int WriteCall(Span<byte> destination, ReadOnlySpan<byte> method, long id, ReadOnlySpan<byte> argument, bool hasArgument)
    {
        "42"u8.CopyTo(destination);
        var length = 2;
        id.TryFormat(destination[length..], out var written);
        length += written;
        length += Append(destination[length..], "[\""u8);
        length += Append(destination[length..], method);
        destination[length++] = (byte)'"';
        if (hasArgument)
        {
            length += Append(destination[length..], ",\""u8);
            length += Append(destination[length..], argument);
            destination[length++] = (byte)'"';
        }

        destination[length++] = (byte)']';
        return length;
    }

    public override void Dispatch(ReadOnlySpan<byte> message, IInbound inbound)
    {
        if (message.StartsWith("43"u8))
        {
            var rest = message[2..];
            if (!Utf8Parser.TryParse(rest, out long id, out var digits) || digits == 0)
            {
                inbound.OnUnexpected(message);
                return;
            }

            inbound.OnAck(id, FirstStringArgument(rest[digits..]));
        }
        else if (message.StartsWith("42[\"tick\",\""u8) && message.EndsWith("\"]"u8))
        {
            inbound.OnTick(WithoutRecoveryOffset(message["42[\"tick\",\""u8.Length..^2]));
        }
        else if (message.SequenceEqual("2"u8))
        {
            inbound.OnServerPing();
        }
        else
        {
            inbound.OnUnexpected(message);
        }
    }

    public override void AnswerPing(WsClient client) => client.AppendText("3"u8);

    /// <summary>
    /// A server with connection state recovery on appends the packet's offset as one more string argument
    /// (<c>["tick","payload","17"]</c>); the payload is what comes before it. Payloads never contain quotes.
    /// </summary>
    private static ReadOnlySpan<byte> WithoutRecoveryOffset(ReadOnlySpan<byte> arguments)
    {
        var separator = arguments.LastIndexOf("\",\""u8);
        if (separator < 0)
        {
            return arguments;
        }

        var offset = arguments[(separator + 3)..];
        return offset.Length > 0 && offset.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 ? arguments[..separator] : arguments;
    }

    /// <summary><c>["text"]</c> → <c>text</c>; <c>[]</c> → empty; anything else is returned whole so a comparison fails.</summary>
    private static ReadOnlySpan<byte> FirstStringArgument(ReadOnlySpan<byte> arguments)
    {
        if (arguments.SequenceEqual("[]"u8))
        {
            return default;
        }

        if (arguments.StartsWith("[\""u8) && arguments.EndsWith("\"]"u8))
        {
            return arguments[2..^2];
        }

        return arguments;
    }

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination);
        return bytes.Length;
    }
}
