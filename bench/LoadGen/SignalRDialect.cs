using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// SignalR's JSON hub protocol straight over WebSocket (no negotiate request, as a client with
/// skipNegotiation does): records end with 0x1E, invocations carry an invocationId, completions answer them.
/// </summary>
internal sealed class SignalRDialect : Dialect
{
    private const byte RecordSeparator = 0x1E;
    private const int InvocationType = 1;
    private const int CompletionType = 3;
    private const int PingType = 6;
    private const int CloseType = 7;

    public override string Name => "signalr";

    public override string DefaultPath => "/hub";

    public override bool SupportsRooms => true;

    public override ReadOnlySpan<byte> ClientKeepAlive => "{\"type\":6}\u001e"u8;

    public override async Task OpenAsync(WsClient client, CancellationToken cancellationToken)
    {
        client.AppendText("{\"protocol\":\"json\",\"version\":1}\u001e"u8);
        await client.FlushAsync(cancellationToken);
        var reply = await ReceiveSetupMessageAsync(client, cancellationToken);
        if (!reply.AsSpan().StartsWith("{}\u001e"u8))
        {
            throw new IOException($"The hub handshake failed: '{Encoding.UTF8.GetString(reply)}'.");
        }
    }

    public override int WriteCall(Span<byte> destination, ReadOnlySpan<byte> method, long id, ReadOnlySpan<byte> argument, bool hasArgument)
    {
        var length = Append(destination, "{\"type\":1,\"invocationId\":\""u8);
        id.TryFormat(destination[length..], out var written);
        length += written;
        length += Append(destination[length..], "\",\"target\":\""u8);
        length += Append(destination[length..], method);
        length += Append(destination[length..], "\",\"arguments\":["u8);
        if (hasArgument)
        {
            destination[length++] = (byte)'"';
            length += Append(destination[length..], argument);
            destination[length++] = (byte)'"';
        }

        length += Append(destination[length..], "]}\u001e"u8);
        return length;
    }

    public override void Dispatch(ReadOnlySpan<byte> message, IInbound inbound)
    {
        while (!message.IsEmpty)
        {
            var end = message.IndexOf(RecordSeparator);
            if (end < 0)
            {
                inbound.OnUnexpected(message);
                return;
            }

            DispatchRecord(message[..end], inbound);
            message = message[(end + 1)..];
        }
    }

    private static void DispatchRecord(ReadOnlySpan<byte> record, IInbound inbound)
    {
        var type = -1;
        var id = -1L;
        var hasError = false;
        ReadOnlySpan<byte> target = default;
        ReadOnlySpan<byte> result = default;
        ReadOnlySpan<byte> firstArgument = default;
        try
        {
            var reader = new Utf8JsonReader(record);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                inbound.OnUnexpected(record);
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("invocationId"u8))
                {
                    reader.Read();
                    if (!Utf8Parser.TryParse(reader.ValueSpan, out id, out _))
                    {
                        id = -1;
                    }
                }
                else if (reader.ValueTextEquals("target"u8))
                {
                    reader.Read();
                    target = reader.ValueSpan;
                }
                else if (reader.ValueTextEquals("result"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        result = reader.ValueSpan;
                    }
                    else
                    {
                        reader.Skip();
                        result = "<not a string>"u8;
                    }
                }
                else if (reader.ValueTextEquals("arguments"u8))
                {
                    reader.Read();
                    var depth = reader.CurrentDepth;
                    if (reader.Read() && reader.TokenType == JsonTokenType.String)
                    {
                        firstArgument = reader.ValueSpan;
                    }

                    while (!(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth))
                    {
                        reader.Read();
                    }
                }
                else
                {
                    hasError |= reader.ValueTextEquals("error"u8);
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            inbound.OnUnexpected(record);
            return;
        }

        switch (type)
        {
            case CompletionType when !hasError && id >= 0:
                inbound.OnAck(id, result);
                break;
            case InvocationType when target.SequenceEqual("tick"u8):
                inbound.OnTick(firstArgument);
                break;
            case PingType:
                break;
            case CloseType:
            default:
                inbound.OnUnexpected(record);
                break;
        }
    }

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination);
        return bytes.Length;
    }
}
