using System.Text;
using TypedSockets.Client;
using TypedSockets.SocketIO;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Client;

/// <summary>The untyped <see cref="SocketIOClient"/> against the server's low-level API, over real sockets.</summary>
public sealed class SocketIOClientTests
{
    private static SocketIOClientOptions Options(string? auth = null) => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AckTimeout = TimeSpan.FromSeconds(5),
        ReconnectionDelay = TimeSpan.FromMilliseconds(50),
        ReconnectionDelayMax = TimeSpan.FromMilliseconds(200),
        AuthJson = auth,
    };

    [Fact]
    public async Task Reassembles_a_binary_ack_with_its_attachments_in_order()
    {
        await using var host = await SocketIOTestHost.StartAsync();
        await using var client = new SocketIOClient(new Uri(host.BaseUrl), "/", Options(), static _ => ValueTask.CompletedTask);
        await client.ConnectAsync();

        var ack = await client.EmitWithAckAsync("binaries", 0, static (w, _) =>
        {
            w.WriteBinary(new byte[] { 1, 2 });
            w.WriteBinary(new byte[] { 3 });
        });

        Assert.Equal(3, ack.Count);
        Assert.Equal(2, ack.AttachmentCount);
        Assert.True(ack.TryGetBinary(0, out var first));
        Assert.Equal([3], first.ToArray());
        Assert.Equal("\"between\"", Encoding.UTF8.GetString(ack[1].Span));
        Assert.True(ack.TryGetBinary(2, out var last));
        Assert.Equal([1, 2], last.ToArray());
    }

    [Fact]
    public async Task Answers_the_server_s_ack_and_receives_its_events()
    {
        await using var host = await SocketIOTestHost.StartAsync();
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new SocketIOClient(new Uri(host.BaseUrl), "/", Options(), incoming =>
        {
            if (incoming.Name == "question")
            {
                Assert.True(incoming.WantsAck);
                incoming.Ack(0, static (w, _) => w.Json.WriteStringValue("because"));
            }
            else if (incoming.Name == "answer")
            {
                answer.TrySetResult(Encoding.UTF8.GetString(incoming.Arguments[0].Span));
            }

            return ValueTask.CompletedTask;
        });
        await client.ConnectAsync();

        await client.EmitAsync("ask", 0, static (_, _) => { });

        Assert.Equal("\"because\"", await answer.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_server_disconnect_ends_the_connection_with_socket_io_client_s_reason()
    {
        await using var host = await SocketIOTestHost.StartAsync();
        var reason = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new SocketIOClient(new Uri(host.BaseUrl), "/", Options(), static _ => ValueTask.CompletedTask);
        client.Disconnected += r => reason.TrySetResult(r);
        await client.ConnectAsync();
        Assert.NotNull(client.Id);

        await client.EmitAsync("kick", 0, static (_, _) => { });

        Assert.Equal(ClientDisconnectReasons.ServerDisconnect, await reason.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(client.IsConnected);
        Assert.Null(client.Id);
        await host.WaitForReasonsAsync(1);
        Assert.Equal([DisconnectReasons.ServerNamespaceDisconnect], host.DisconnectReasons);
    }

    [Fact]
    public async Task A_connect_error_surfaces_its_message()
    {
        await using var host = await SocketIOTestHost.StartAsync();
        await using var refused = new SocketIOClient(new Uri(host.BaseUrl), "/secure", Options("""{"token":"wrong"}"""), static _ => ValueTask.CompletedTask);
        var error = await Assert.ThrowsAsync<SocketIOConnectException>(() => refused.ConnectAsync());
        Assert.Equal("Not authorized", error.ServerMessage);
        Assert.Equal("/secure", error.Namespace);
        Assert.Equal("Namespace '/secure' refused the connection: Not authorized.", error.Message);

        await using var unknown = new SocketIOClient(new Uri(host.BaseUrl), "/nope", Options(), static _ => ValueTask.CompletedTask);
        error = await Assert.ThrowsAsync<SocketIOConnectException>(() => unknown.ConnectAsync());
        Assert.Equal("Invalid namespace", error.ServerMessage);

        await using var accepted = new SocketIOClient(new Uri(host.BaseUrl), "/secure", Options("""{"token":"secret"}"""), static _ => ValueTask.CompletedTask);
        await accepted.ConnectAsync();
        Assert.True(accepted.IsConnected);
    }
}
