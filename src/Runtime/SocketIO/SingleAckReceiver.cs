namespace TypedSockets.SocketIO;

/// <summary>The ACK of an emit to one socket.</summary>
internal sealed class SingleAckReceiver : AckReceiver
{
    private readonly TaskCompletionSource<EventArguments> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<EventArguments> Task => _result.Task;

    public override void OnAck(Socket socket, EventArguments arguments) => _result.TrySetResult(arguments);

    public override void OnDisconnected(Socket socket) =>
        _result.TrySetException(new SocketDisconnectedException(socket.Id));
}
