namespace TypedSockets.Redis.SocketIOAdapter;

/// <summary>The answers of the other nodes to a server-side event with acknowledgement.</summary>
/// <param name="Nodes">How many nodes were asked.</param>
/// <param name="Answers">Each answer, a JSON array of the values the node's handler answered with.</param>
/// <param name="IsComplete">True when every node answered in time.</param>
internal sealed record ServerSideAckResult(int Nodes, IReadOnlyList<byte[]> Answers, bool IsComplete);
