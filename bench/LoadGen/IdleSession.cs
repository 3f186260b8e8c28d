namespace TypedSockets.Bench.LoadGen;

/// <summary>A connected session that only answers the server's pings (idle memory, connect rate).</summary>
internal sealed class IdleSession(WsClient client, Dialect dialect, ErrorLog errors) : Session(client, dialect, errors);
