using System.Text;
using System.Text.Json;
using TypedSockets.Client;
using TypedSockets.SocketIO;
using TypedSockets.Tests.SocketIO;
using TypedSockets.Testing.Client;

namespace TypedSockets.Tests.Client;

/// <summary>
/// The client's batched sends under concurrency, against the TypedSockets server and Node socket.io 4.8 over each
/// transport: many callers on many tasks emit at once (so their packets share writes), every acknowledged call gets its
/// own answer, every caller's fire-and-forget emits arrive in the order it made them, none is lost or duplicated; and a
/// connection killed under load fails the calls in flight at once and the client reconnects.
/// </summary>
public sealed class ClientBatchingTests
{
    private const int Callers = 24;
    private const int CallsPerCaller = 25;

    public static TheoryData<string, SocketIOTransports, SocketIOParser> Peers() => new()
    {
        { "typedsockets", SocketIOTransports.WebSocket, SocketIOParser.Json },
        { "typedsockets", SocketIOTransports.Polling, SocketIOParser.Json },
        { "node", SocketIOTransports.WebSocket, SocketIOParser.Json },
        { "node", SocketIOTransports.Polling, SocketIOParser.Json },
        { "node", SocketIOTransports.WebSocket, SocketIOParser.MessagePack },
    };

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task Concurrent_callers_get_their_own_answers_and_their_emits_arrive_in_order(string server, SocketIOTransports transports, SocketIOParser parser)
    {
        await using var host = server == "typedsockets" ? await SocketIOTestHost.StartAsync() : null;
        await using var node = server == "node" ? await NodeRecoveryServer.StartAsync(windowMs: 0, parser: parser) : null;
        var options = NodeRecoveryServer.Options();
        options.Transports = transports;
        options.Parser = parser;
        options.AckTimeout = TimeSpan.FromSeconds(20);
        await using var client = new SocketIOClient(host is not null ? new Uri(host.BaseUrl) : node!.Uri, "/", options, static _ => ValueTask.CompletedTask);
        await client.ConnectAsync();

        // Every caller records its call number (not awaited: the emit is queued when the call returns), then makes an
        // acknowledged call and checks the answer is its own before the next; the callers start together.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            await start.Task;
            var recorded = new List<Task>();
            for (var call = 0; call < CallsPerCaller; call++)
            {
                var payload = $"c{caller}-{call}";
                recorded.Add(client.EmitAsync("record", payload, static (w, s) => w.Json.WriteStringValue(s)));
                var answer = await NodeRecoveryServer.Emit(client, "echo", payload);
                Assert.Equal($"\"{payload}\"", Encoding.UTF8.GetString(answer[0].Span));
            }

            await Task.WhenAll(recorded);
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(60));

        var received = await client.EmitWithAckAsync("received", 0, static (_, _) => { });
        var values = JsonSerializer.Deserialize<string[]>(received[0].Span)!;
        Assert.Equal(Callers * CallsPerCaller, values.Length);
        Assert.Equal(values.Length, values.Distinct().Count());
        for (var caller = 0; caller < Callers; caller++)
        {
            var prefix = $"c{caller}-";
            var own = values.Where(v => v.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
            Assert.Equal(Enumerable.Range(0, CallsPerCaller).Select(call => prefix + call), own);
        }

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Over_polling_a_burst_larger_than_the_server_s_max_payload_goes_in_several_posts_in_order()
    {
        // 60 emits of about 120 bytes each: some 7 KB in one burst, against a server taking at most 2,000 bytes a POST.
        await using var host = await SocketIOTestHost.StartAsync(maxPayload: 2_000);
        var options = NodeRecoveryServer.Options();
        options.Transports = SocketIOTransports.Polling;
        await using var client = new SocketIOClient(new Uri(host.BaseUrl), "/", options, static _ => ValueTask.CompletedTask);
        await client.ConnectAsync();

        var payloads = Enumerable.Range(0, 60).Select(i => $"{i:D3}:" + new string('x', 100)).ToArray();
        var writes = payloads.Select(payload => client.EmitAsync("record", payload, static (w, s) => w.Json.WriteStringValue(s))).ToArray();
        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(20));

        var received = await client.EmitWithAckAsync("received", 0, static (_, _) => { });
        Assert.Equal(payloads, JsonSerializer.Deserialize<string[]>(received[0].Span));
        Assert.True(client.IsConnected);
        Assert.Equal("polling", client.Transport);
    }

    [Fact]
    public async Task A_connection_killed_under_load_fails_the_calls_in_flight_at_once_and_the_client_reconnects()
    {
        await using var host = await SocketIOTestHost.StartAsync();
        await using var proxy = TcpProxy.Start(new Uri(host.BaseUrl).Port);
        var options = NodeRecoveryServer.Options();
        options.Transports = SocketIOTransports.WebSocket;

        // Long enough that a call failing by its timeout would fail the test's wait: a killed connection must end them.
        options.AckTimeout = TimeSpan.FromSeconds(60);
        await using var client = new SocketIOClient(proxy.Uri, "/", options, static _ => ValueTask.CompletedTask);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.ConnectAsync();
        client.Connected += () => reconnected.TrySetResult();

        var stop = false;
        var answered = 0;
        var failed = 0;
        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            for (var call = 0; !Volatile.Read(ref stop); call++)
            {
                var payload = $"c{caller}-{call}";
                try
                {
                    var answer = await NodeRecoveryServer.Emit(client, "echo", payload);
                    Assert.Equal($"\"{payload}\"", Encoding.UTF8.GetString(answer[0].Span));
                    Interlocked.Increment(ref answered);
                }
                catch (SocketIOConnectException)
                {
                    // The connection that carried the call ended: the call fails then, as socket.io-client's does,
                    // not by its timeout. Calls made once the loss was known wait for the next connection.
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();

        await Poll.UntilAsync(() => Volatile.Read(ref answered) >= 200, "calls answered under load");
        proxy.KillConnections();
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var afterReconnection = Volatile.Read(ref answered);
        await Poll.UntilAsync(() => Volatile.Read(ref answered) >= afterReconnection + 200, "calls answered after the reconnection");
        Volatile.Write(ref stop, true);

        // Each caller ends after its current call: none is left waiting for an answer that cannot come (the ack
        // timeout, 60 s, is far beyond this wait; a TimeoutException would fail the caller and the test).
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.InRange(Volatile.Read(ref failed), 1, Callers);
        Assert.Equal("\"after\"", Encoding.UTF8.GetString((await NodeRecoveryServer.Emit(client, "echo", "after"))[0].Span));
    }
}
