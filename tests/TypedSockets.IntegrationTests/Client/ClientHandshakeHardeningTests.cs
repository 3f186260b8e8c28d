using TypedSockets.Client;

namespace TypedSockets.Tests.Client;

/// <summary>
/// A hostile or broken server during the client's handshake (raw sockets on 127.0.0.1): whatever it sends, the connect
/// ends with a <see cref="SocketIOConnectException"/> that names the namespace and says what was wrong, never another exception.
/// </summary>
public sealed class ClientHandshakeHardeningTests
{
    private const string Open = """0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}""";

    [Theory]
    [InlineData("hello", "the first packet is not an Engine.IO open packet")]
    [InlineData("0{garbage", "the open packet is not valid JSON")]
    [InlineData("""0{"sid":"\ud800","pingInterval":25000}""", "the open packet is not valid JSON")]
    [InlineData("""0{"\udc00":1,"sid":"abc"}""", "the open packet is not valid JSON")]
    [InlineData("""0{"pingInterval":25000}""", "the open packet has no sid")]
    [InlineData("""0{"sid":"abc","pingInterval":-5}""", "the open packet's pingInterval or pingTimeout is out of range")]
    public async Task A_malformed_open_packet_is_a_clear_error(string handshake, string detail)
    {
        await using var server = new RawPollingServer(handshake);

        var error = await ConnectAsync(server);

        Assert.Equal($"Connecting to namespace '/chat' failed: the server broke the Engine.IO handshake ({detail}).", error.Message);
        Assert.Equal("/chat", error.Namespace);
    }

    [Theory]
    [InlineData("""40/chat,{"sid":"\ud800"}""", "the server's CONNECT answer is not valid JSON")]
    [InlineData("""40/chat,{"\udfff":"x","sid":"abc"}""", "the server's CONNECT answer is not valid JSON")]
    [InlineData("""40/chat,{}""", "the server's CONNECT answer has no sid (a Socket.IO v2 server?)")]
    [InlineData("""4garbage""", "the server sent a malformed Socket.IO packet")]
    [InlineData("""1""", "the server closed the Engine.IO session before answering the CONNECT")]
    public async Task A_malformed_connect_answer_is_a_clear_error(string poll, string detail)
    {
        await using var server = new RawPollingServer(Open, poll);

        var error = await ConnectAsync(server);

        Assert.StartsWith($"Connecting to namespace '/chat' failed: {detail}", error.Message);
    }

    [Fact]
    public async Task A_connect_error_with_a_lone_surrogate_is_still_a_refusal()
    {
        await using var server = new RawPollingServer(Open, """44/chat,{"message":"\ud800"}""");

        var error = await ConnectAsync(server);

        Assert.Equal("Namespace '/chat' refused the connection with a malformed CONNECT_ERROR.", error.Message);
    }

    /// <summary>One attempt (no retries): the error of that attempt is the inner exception of the one thrown.</summary>
    private static async Task<SocketIOConnectException> ConnectAsync(RawPollingServer server)
    {
        var options = new SocketIOClientOptions
        {
            Transports = SocketIOTransports.Polling,
            Reconnection = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        await using var client = new SocketIOClient(server.Uri, "/chat", options, static _ => ValueTask.CompletedTask);
        var error = await Assert.ThrowsAsync<SocketIOConnectException>(() => client.ConnectAsync());
        return error.InnerException as SocketIOConnectException ?? error;
    }
}
