using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using TypedSockets.Client;

namespace TypedSockets.Bench.ClientLoad;

/// <summary>One connection of a real client library; <see cref="EchoAsync"/> is one acknowledged <c>echo</c> call.</summary>
internal interface IEchoConnection : IAsyncDisposable
{
    ValueTask<string> EchoAsync(string payload);
}

/// <summary>The client libraries measured, by the name <c>--client</c> takes.</summary>
internal static class EchoClients
{
    public const string Typed = "typed";
    public const string SignalR = "signalr";

    /// <summary>Connects one client of <paramref name="client"/> to <paramref name="server"/>, straight over a WebSocket.</summary>
    public static async Task<IEchoConnection> ConnectAsync(string client, Uri server, CancellationToken cancellationToken) => client switch
    {
        Typed => await TypedEchoConnection.ConnectAsync(server, cancellationToken),
        SignalR => await SignalREchoConnection.ConnectAsync(server, cancellationToken),
        _ => throw new ArgumentException($"--client {client}: expected {Typed} or {SignalR}."),
    };
}

/// <summary>
/// The generated typed client (<see cref="BenchClient"/>) on the WebSocket transport alone, as SignalR's client below
/// skips negotiation: both open one WebSocket and nothing else.
/// </summary>
internal sealed class TypedEchoConnection : IEchoConnection
{
    private readonly BenchClient _client;
    private readonly IBenchHub _hub;

    private TypedEchoConnection(BenchClient client)
    {
        _client = client;
        _hub = client.Hub;
    }

    public static async Task<IEchoConnection> ConnectAsync(Uri server, CancellationToken cancellationToken)
    {
        var options = new SocketIOClientOptions { Transports = SocketIOTransports.WebSocket, Reconnection = false };
        return new TypedEchoConnection(await BenchClient.ConnectAsync(server, NoTicks.Instance, options, cancellationToken));
    }

    public ValueTask<string> EchoAsync(string payload) => _hub.Echo(payload);

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}

/// <summary>SignalR's <see cref="HubConnection"/> to the hub at <c>/hub</c> (bench/Peers/SignalR), WebSockets without negotiation.</summary>
internal sealed class SignalREchoConnection(HubConnection connection) : IEchoConnection
{
    public static async Task<IEchoConnection> ConnectAsync(Uri server, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hub"), HttpTransportType.WebSockets, options => options.SkipNegotiation = true)
            .Build();
        await connection.StartAsync(cancellationToken);
        return new SignalREchoConnection(connection);
    }

    public ValueTask<string> EchoAsync(string payload) => new(connection.InvokeAsync<string>("Echo", payload));

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
