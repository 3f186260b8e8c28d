namespace TypedSockets.SocketIO;

/// <summary>Collects the ACKs of a broadcast; completes once every recipient answered or disconnected.</summary>
internal sealed class BroadcastAckReceiver : AckReceiver
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<BroadcastAck> _responses = [];
    private int _waiting;

    public BroadcastAckReceiver(int expected)
    {
        _waiting = expected;
        if (expected == 0)
        {
            _done.TrySetResult();
        }
    }

    public Task Done => _done.Task;

    public BroadcastAck[] Snapshot()
    {
        lock (_responses)
        {
            return [.. _responses];
        }
    }

    public override void OnAck(Socket socket, EventArguments arguments)
    {
        lock (_responses)
        {
            _responses.Add(new BroadcastAck(socket.Id, arguments));
        }

        Settle();
    }

    public override void OnDisconnected(Socket socket) => Settle();

    private void Settle()
    {
        if (Interlocked.Decrement(ref _waiting) == 0)
        {
            _done.TrySetResult();
        }
    }
}
