using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TypedSockets.Client;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.Client;

/// <summary>
/// The client when the server is not there: the first connect retried with the reconnection backoff (a server that
/// starts late, attempts that run out), emits buffered while disconnected, and the server's connect_error data.
/// Against Node socket.io 4.8 (tests/node/client-recovery.mjs); backoff and timeouts on a fake clock.
/// </summary>
public sealed class ClientResilienceTests
{
    [Fact]
    public async Task The_first_connect_retries_until_a_server_that_starts_late_answers()
    {
        var port = FreePort();
        var time = new FakeTimeProvider();
        using var logs = new ListLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var options = NodeRecoveryServer.Options(time);
        options.Transports = SocketIOTransports.WebSocket;
        options.LoggerFactory = loggerFactory;
        await using var client = new SocketIOClient(new Uri($"http://127.0.0.1:{port}/"), "/", options, static _ => ValueTask.CompletedTask);

        var connecting = client.ConnectAsync();
        await Poll.UntilAsync(() => logs.Contains("Connection attempt 1 "), "the first refused attempt");
        Assert.False(connecting.IsCompleted);

        await using var server = await NodeRecoveryServer.StartAsync(port: port);
        await AdvanceUntil(time, () => connecting.IsCompleted, "the retry that reaches the server");
        await connecting;
        Assert.True(client.IsConnected);
        Assert.Equal("\"up\"", Encoding.UTF8.GetString((await NodeRecoveryServer.Emit(client, "echo", "up"))[0].Span));
    }

    [Fact]
    public async Task After_the_configured_attempts_the_first_connect_throws_a_clear_error()
    {
        var port = FreePort();
        var time = new FakeTimeProvider();
        var options = NodeRecoveryServer.Options(time);
        options.ReconnectionAttempts = 2;
        await using var client = new SocketIOClient(new Uri($"http://127.0.0.1:{port}/"), "/", options, static _ => ValueTask.CompletedTask);

        var connecting = client.ConnectAsync();
        await AdvanceUntil(time, () => connecting.IsCompleted, "the last attempt");
        var error = await Assert.ThrowsAsync<SocketIOConnectException>(() => connecting);
        Assert.StartsWith($"Could not connect to namespace '/' at http://127.0.0.1:{port}/socket.io/: 3 attempt(s) failed; the last with: ", error.Message);
        Assert.Equal("/", error.Namespace);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task Emits_while_disconnected_return_at_once_and_are_delivered_in_order_after_the_reconnection()
    {
        await using var server = await NodeRecoveryServer.StartAsync(windowMs: 0);
        var time = new FakeTimeProvider();
        var options = NodeRecoveryServer.Options(time);
        options.ReconnectionDelay = options.ReconnectionDelayMax = TimeSpan.FromSeconds(10);
        options.RandomizationFactor = 0;
        options.AckTimeout = TimeSpan.FromSeconds(60);
        await using var client = new SocketIOClient(server.Uri, "/", options, static _ => ValueTask.CompletedTask);
        await client.ConnectAsync();
        await DropAsync(client);

        var first = client.EmitAsync("record", "away 1", static (w, s) => w.Json.WriteStringValue(s));
        var acked = NodeRecoveryServer.Emit(client, "echo", "answered later");
        var second = client.EmitAsync("record", "away 2", static (w, s) => w.Json.WriteStringValue(s));

        // Fire-and-forget never waits for the connection; the acknowledged call does.
        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.False(acked.IsCompleted);

        await AdvanceUntil(time, () => client.IsConnected, "the reconnection");
        Assert.Equal("\"answered later\"", Encoding.UTF8.GetString((await acked.WaitAsync(TimeSpan.FromSeconds(10)))[0].Span));
        var received = await client.EmitWithAckAsync("received", 0, static (_, _) => { });
        Assert.Equal("""["away 1","away 2"]""", Encoding.UTF8.GetString(received[0].Span));
    }

    [Fact]
    public async Task An_acknowledged_call_that_waits_too_long_for_the_connection_times_out_and_is_never_sent()
    {
        await using var server = await NodeRecoveryServer.StartAsync(windowMs: 0);
        var time = new FakeTimeProvider();
        var options = NodeRecoveryServer.Options(time);
        options.ReconnectionDelay = options.ReconnectionDelayMax = TimeSpan.FromSeconds(60);
        options.RandomizationFactor = 0;
        options.AckTimeout = TimeSpan.FromSeconds(5);
        await using var client = new SocketIOClient(server.Uri, "/", options, static _ => ValueTask.CompletedTask);
        await client.ConnectAsync();
        await DropAsync(client);

        // The server records "record" events and never acknowledges them: only the timeout can end this call.
        var waiting = client.EmitWithAckAsync("record", "timed out", static (w, s) => w.Json.WriteStringValue(s));
        time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<TimeoutException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(client.IsConnected);

        var after = client.EmitAsync("record", "after", static (w, s) => w.Json.WriteStringValue(s));
        Assert.True(after.IsCompletedSuccessfully);
        await AdvanceUntil(time, () => client.IsConnected, "the reconnection");
        var received = await client.EmitWithAckAsync("received", 0, static (_, _) => { }).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("""["after"]""", Encoding.UTF8.GetString(received[0].Span));
    }

    [Fact]
    public async Task A_full_send_buffer_fails_the_emit_at_once_and_keeps_what_it_holds()
    {
        await using var server = await NodeRecoveryServer.StartAsync(windowMs: 0);
        var options = NodeRecoveryServer.Options(new FakeTimeProvider());
        options.MaxBufferedEmits = 2;
        await using var client = new SocketIOClient(server.Uri, "/", options, static _ => ValueTask.CompletedTask);

        // Before the first connection emits are buffered as well, as socket.io-client does.
        Assert.True(client.EmitAsync("record", "one", static (w, s) => w.Json.WriteStringValue(s)).IsCompletedSuccessfully);
        Assert.True(client.EmitAsync("record", "two", static (w, s) => w.Json.WriteStringValue(s)).IsCompletedSuccessfully);
        var full = client.EmitAsync("record", "three", static (w, s) => w.Json.WriteStringValue(s));
        Assert.True(full.IsFaulted);
        Assert.Contains("send buffer is full (2 emits", (await Assert.ThrowsAsync<InvalidOperationException>(() => full)).Message);

        await client.ConnectAsync();
        var received = await client.EmitWithAckAsync("received", 0, static (_, _) => { });
        Assert.Equal("""["one","two"]""", Encoding.UTF8.GetString(received[0].Span));
    }

    [Fact]
    public async Task A_connect_error_carries_the_server_s_message_and_data_and_names_the_namespace()
    {
        await using var server = await NodeRecoveryServer.StartAsync();
        await using var client = new SocketIOClient(server.Uri, "/guarded", NodeRecoveryServer.Options(), static _ => ValueTask.CompletedTask);

        var error = await Assert.ThrowsAsync<SocketIOConnectException>(() => client.ConnectAsync());

        Assert.Equal("Namespace '/guarded' refused the connection: not allowed here.", error.Message);
        Assert.Equal("/guarded", error.Namespace);
        Assert.Equal("not allowed here", error.ServerMessage);
        Assert.Equal(42, error.ServerData!.Value.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.False, error.ServerData.Value.GetProperty("retry").ValueKind);
    }

    private static async Task DropAsync(SocketIOClient client)
    {
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += _ => disconnected.TrySetResult();
        await client.EmitAsync("drop", 0, static (_, _) => { });
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Moves the fake clock on in small steps until <paramref name="condition"/> holds (the client arms its timers a moment after what the test sees).</summary>
    private static Task AdvanceUntil(FakeTimeProvider time, Func<bool> condition, string what) =>
        Poll.UntilAsync(
            () =>
            {
                if (condition())
                {
                    return true;
                }

                time.Advance(TimeSpan.FromMilliseconds(500));
                return false;
            },
            what);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
