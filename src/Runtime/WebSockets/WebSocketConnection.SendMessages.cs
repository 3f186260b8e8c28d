using System.Runtime.CompilerServices;

namespace TypedSockets.WebSockets;

public sealed partial class WebSocketConnection
{
    /// <summary>
    /// Sends several messages, one frame each (masked in the client role), in order, under one hold of the send lock
    /// and with one write to the stream: a sender that gathered messages sent meanwhile pays one system call for all
    /// of them instead of one each (the Socket.IO client's batched sends). True when the frames were handed to the
    /// stream; false when the connection had already ended or the write failed (the connection is then aborted, as
    /// every failed send does). Nothing is sent once our close frame went out.
    /// </summary>
    internal ValueTask<bool> SendMessagesAsync(IReadOnlyList<WebSocketMessage> messages, CancellationToken cancellationToken) =>
        _sendLock.TryEnter() ? SendMessagesEntered(messages, cancellationToken) : SendMessagesContendedAsync(messages, cancellationToken);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendMessagesContendedAsync(IReadOnlyList<WebSocketMessage> messages, CancellationToken cancellationToken)
    {
        await _sendLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        return await SendMessagesEntered(messages, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Frames every message into the send buffer and writes it once, holding the send lock; releases the lock once the write is done.</summary>
    private ValueTask<bool> SendMessagesEntered(IReadOnlyList<WebSocketMessage> messages, CancellationToken cancellationToken)
    {
        if (!CanSend)
        {
            _sendLock.Exit();
            return new ValueTask<bool>(false);
        }

        ValueTask write;
        try
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                WriteFrame(message.Kind == WebSocketMessageKind.Binary ? WebSocketOpcode.Binary : WebSocketOpcode.Text, message.Payload.Span);
            }

            write = _output.StartFlush(cancellationToken);
        }
        catch (Exception exception)
        {
            write = ValueTask.FromException(exception);
        }

        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            _sendLock.Exit();
            return new ValueTask<bool>(true);
        }

        return CompleteMessagesAsync(write, cancellationToken);
    }

    /// <summary>Awaits the write of a batch: a cancelled one aborts the connection and throws, a failed one aborts it and gives false.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> CompleteMessagesAsync(ValueTask write, CancellationToken cancellationToken)
    {
        try
        {
            await ObserveWriteAsync(write, cancellationToken).ConfigureAwait(false);
            return Volatile.Read(ref _closed) == 0;
        }
        finally
        {
            _sendLock.Exit();
        }
    }
}
