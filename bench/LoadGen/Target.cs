using System.Net;

namespace TypedSockets.Bench.LoadGen;

/// <summary>The server under test: where it listens, what it speaks, and its process when found.</summary>
internal sealed record Target(IPEndPoint Endpoint, string PathAndQuery, Dialect Dialect, ServerProcess? Process);
