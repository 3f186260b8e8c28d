using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using TypedSockets.WebSockets;

namespace TypedSockets.Hosting;

/// <summary>
/// A WebSocket running straight on a host connection below the HTTP server (the fast path): frames are read
/// from the connection's own input pipe and written to its output; the host closes the connection once the
/// connection middleware returns, and dropping it aborts the connection.
/// </summary>
internal sealed class HostConnectionDuplex : WebSocketDuplex
{
    private readonly BaseConnectionContext _connection;

    public HostConnectionDuplex(ConnectionContext connection)
        : base(connection.Transport.Input, connection.Transport.Output.AsStream(leaveOpen: true))
    {
        _connection = connection;
    }

    public override void Abort() => _connection.Abort();
}
