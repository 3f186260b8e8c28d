namespace TypedSockets.SocketIO;

/// <summary>
/// The answers to a broadcast with acknowledgement. <see cref="IsComplete"/> is false when the timeout
/// passed before every recipient answered (socket.io reports that as an error next to the partial answers).
/// </summary>
public sealed class BroadcastAckResult
{
    public BroadcastAckResult(int recipients, IReadOnlyList<BroadcastAck> responses, bool isComplete)
    {
        Recipients = recipients;
        Responses = responses;
        IsComplete = isComplete;
    }

    /// <summary>How many sockets the broadcast reached.</summary>
    public int Recipients { get; }

    public IReadOnlyList<BroadcastAck> Responses { get; }

    public bool IsComplete { get; }
}
