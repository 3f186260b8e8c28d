using TypedSockets.EngineIO;
using TypedSockets.WebSockets;

namespace TypedSockets.Client.Transports;

/// <summary>Engine.IO over one WebSocket: a text frame is one packet, a binary frame one attachment.</summary>
internal sealed class WebSocketClientTransport : ClientTransport
{
    private readonly WebSocketConnection _connection;

    public WebSocketClientTransport(WebSocketConnection connection)
    {
        _connection = connection;
    }

    public override string Name => EngineQuery.WebSocketTransport;

    public override ValueTask<WebSocketMessage> ReceiveAsync(CancellationToken cancellationToken) => _connection.ReceiveAsync(cancellationToken);

    public override ValueTask SendTextAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken) =>
        _connection.SendAsync(packet, WebSocketMessageKind.Text, cancellationToken);

    public override ValueTask SendBinaryAsync(ReadOnlyMemory<byte> attachment, CancellationToken cancellationToken) =>
        _connection.SendAsync(attachment, WebSocketMessageKind.Binary, cancellationToken);

    public override ValueTask SendAsync(IReadOnlyList<WebSocketMessage> messages, CancellationToken cancellationToken)
    {
        var sent = _connection.SendMessagesAsync(messages, cancellationToken);
        if (!sent.IsCompletedSuccessfully)
        {
            return ThrowUnlessSentAsync(sent);
        }

        return sent.Result ? default : ValueTask.FromException(NotSent());
    }

    public override async ValueTask CloseAsync()
    {
        try
        {
            await _connection.CloseAsync(WebSocketCloseCode.NormalClosure).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Already gone: nothing to say goodbye to.
        }
    }

    public override void Abort() => _connection.Abort();

    /// <summary>Whether the frames reached the stream; a connection that ended (or a write that failed and aborted it) fails the batch.</summary>
    internal static async ValueTask ThrowUnlessSentAsync(ValueTask<bool> sent)
    {
        if (!await sent.ConfigureAwait(false))
        {
            throw NotSent();
        }
    }

    internal static IOException NotSent() => new("The WebSocket connection ended before the packets were written.");

    public override ValueTask DisposeAsync() => _connection.DisposeAsync();
}
