namespace TypedSockets.SocketIO;

/// <summary>
/// The answers to a broadcast with acknowledgement. <see cref="IsComplete"/> is false when the timeout
/// passed before every recipient answered (socket.io reports that as an error next to the partial answers).
/// </summary>
public sealed class BroadcastAckResult
{
    /// <summary>The outcome of a broadcast with acknowledgement.</summary>
    /// <param name="recipients">How many sockets the broadcast reached.</param>
    /// <param name="responses">The answers received.</param>
    /// <param name="isComplete">True when every recipient answered in time.</param>
    public BroadcastAckResult(int recipients, IReadOnlyList<BroadcastAck> responses, bool isComplete)
    {
        Recipients = recipients;
        Responses = responses;
        IsComplete = isComplete;
    }

    /// <summary>How many sockets the broadcast reached.</summary>
    public int Recipients { get; }

    /// <summary>The answers received, in the order they arrived.</summary>
    public IReadOnlyList<BroadcastAck> Responses { get; }

    /// <summary>True when every recipient answered (or left) before the timeout.</summary>
    public bool IsComplete { get; }
}
