namespace TypedSockets.Redis;

/// <summary>The answers of the other nodes to a server-side event sent with <see cref="SocketIOClusterExtensions.ServerSideEmitWithAckAsync"/>.</summary>
public sealed class ServerSideAckResult
{
    internal ServerSideAckResult(int nodes, IReadOnlyList<ReadOnlyMemory<byte>> answers, bool isComplete)
    {
        Nodes = nodes;
        Answers = answers;
        IsComplete = isComplete;
    }

    /// <summary>How many other nodes were asked (every node of the cluster but this one).</summary>
    public int Nodes { get; }

    /// <summary>Each node's answer, one JSON value (<c>null</c> when the node answered without a value), in arrival order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Answers { get; }

    /// <summary>True when every node answered before the timeout.</summary>
    public bool IsComplete { get; }
}
