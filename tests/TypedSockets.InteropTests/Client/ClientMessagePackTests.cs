using TypedSockets.Client;
using TypedSockets.SocketIO;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Client;

/// <summary>
/// The client with <see cref="SocketIOClientOptions.Parser"/> = MessagePack: against Node socket.io 4.8 with
/// socket.io-msgpack-parser and against the TypedSockets server with its msgpack parser, over each transport; and a
/// parser that differs from the server's fails the connect with a message that names the parser.
/// </summary>
public sealed class ClientMessagePackTests
{
    [Theory]
    [InlineData(SocketIOTransports.WebSocket, "websocket")]
    [InlineData(SocketIOTransports.Polling, "polling")]
    [InlineData(SocketIOTransports.PollingThenWebSocket, "websocket")]
    public async Task Calls_binary_and_room_events_work_against_node_with_the_msgpack_parser(SocketIOTransports transports, string finalTransport)
    {
        await using var server = await NodeRecoveryServer.StartAsync(windowMs: 0, parser: SocketIOParser.MessagePack);
        var ticks = new TickRecorder();
        var options = NodeRecoveryServer.Options();
        options.Transports = transports;
        options.Parser = SocketIOParser.MessagePack;
        await using var client = new SocketIOClient(server.Uri, "/", options, ticks.OnEvent);
        await client.ConnectAsync();
        await Poll.UntilAsync(() => client.Transport == finalTransport, $"the {finalTransport} transport");

        await ClientTransportTests.AssertWorksAsync(client, ticks);
        Assert.Equal(finalTransport, client.Transport);
    }

    [Theory]
    [InlineData(SocketIOTransports.WebSocket, "websocket")]
    [InlineData(SocketIOTransports.Polling, "polling")]
    [InlineData(SocketIOTransports.PollingThenWebSocket, "websocket")]
    public async Task Acks_binary_and_server_calls_work_against_the_TypedSockets_msgpack_server(SocketIOTransports transports, string finalTransport)
    {
        await using var host = await SocketIOTestHost.StartAsync(parser: SocketIOParser.MessagePack);
        var options = NodeRecoveryServer.Options();
        options.Transports = transports;
        options.Parser = SocketIOParser.MessagePack;
        await ClientTransportTests.AssertWorksAgainstAsync(host, options, finalTransport);
    }

    [Fact]
    public async Task A_msgpack_client_on_a_default_parser_server_fails_the_connect_naming_the_parser()
    {
        await using var host = await SocketIOTestHost.StartAsync();
        var options = NodeRecoveryServer.Options();
        options.Transports = SocketIOTransports.WebSocket;
        options.Parser = SocketIOParser.MessagePack;
        options.Reconnection = false;
        await using var client = new SocketIOClient(new Uri(host.BaseUrl), "/", options, static _ => ValueTask.CompletedTask);

        var failure = await Assert.ThrowsAsync<SocketIOConnectException>(() => client.ConnectAsync());
        Assert.Contains("another parser than this client's MessagePack", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_default_parser_client_on_a_msgpack_server_fails_the_connect_naming_the_parser()
    {
        await using var host = await SocketIOTestHost.StartAsync(parser: SocketIOParser.MessagePack);
        var options = NodeRecoveryServer.Options();
        options.Transports = SocketIOTransports.WebSocket;
        options.Reconnection = false;
        await using var client = new SocketIOClient(new Uri(host.BaseUrl), "/", options, static _ => ValueTask.CompletedTask);

        var failure = await Assert.ThrowsAsync<SocketIOConnectException>(() => client.ConnectAsync());
        Assert.Contains("another parser than this client's Json", failure.Message, StringComparison.Ordinal);
    }
}
