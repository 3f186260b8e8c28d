using System.Net;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// The server under test: where it listens, what it speaks, and its process when found. A cluster has several
/// <paramref name="Nodes"/> (the first one takes every client that is not spread over the nodes) and may name the
/// <paramref name="Backplane"/> process between them (Redis), whose CPU is measured too.
/// </summary>
internal sealed record Target(IReadOnlyList<IPEndPoint> Nodes, string PathAndQuery, Dialect Dialect, IReadOnlyList<ServerProcess> Processes, ServerProcess? Backplane)
{
    public IPEndPoint Endpoint => Nodes[0];

    /// <summary>The first node's process (memory is read from it alone).</summary>
    public ServerProcess? Process => Processes.Count > 0 ? Processes[0] : null;
}
