using System.Text;
using TypedSockets.SocketIO;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SocketIOServerTests
{
    [Fact]
    public async Task Handlers_get_raw_json_arguments_and_answer_the_ack()
    {
        var server = NewServer();
        server.Of("/").OnConnection(socket =>
        {
            socket.On("add", e =>
            {
                var a = e.Arguments.GetReader(0);
                a.Read();
                var b = e.Arguments.GetReader(1);
                b.Read();
                e.Ack(a.GetInt32() + b.GetInt32(), static (w, sum) => w.Json.WriteNumberValue(sum));
                return ValueTask.CompletedTask;
            });
            socket.On("raw", e =>
            {
                e.Ack(Encoding.UTF8.GetBytes(Text(e.Arguments[0]) + "|" + e.Name), static (w, text) => w.Json.WriteStringValue(text));
                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });
        var session = await OpenAsync(server);
        await ConnectAsync(server, session);
        await SendAsync(server, session, "20[\"add\",1,2]");
        Assert.Equal("30[3]", await session.NextAsync());
        await SendAsync(server, session, "27[\"raw\",{\"a\":[1,\"b\"]}]");
        Assert.Equal("37[\"{\\\"a\\\":[1,\\\"b\\\"]}|raw\"]", await session.NextAsync());
        await SendAsync(server, session, "2[\"nobody listens\"]");
        await SendAsync(server, session, "2[\"a\\u0064d\",2,2]");
        await session.AssertQuietAsync();
        await SendAsync(server, session, "28[\"a\\u0064d\",2,2]");
        Assert.Equal("38[4]", await session.NextAsync());
    }

    [Fact]
    public async Task OnAny_gets_the_events_without_a_handler_of_their_own_with_the_name_as_utf8()
    {
        var server = NewServer();
        server.Of("/").OnConnection(socket =>
        {
            socket.On("known", e =>
            {
                e.Ack("\"known\""u8);
                return ValueTask.CompletedTask;
            });
            socket.OnAny(e =>
            {
                var isEcho = e.NameUtf8.Span.SequenceEqual("échø"u8);
                e.Ack((isEcho, e.Name, e.Arguments.Count), static (w, s) =>
                {
                    w.Json.WriteBooleanValue(s.isEcho);
                    w.Json.WriteStringValue(s.Name);
                    w.Json.WriteNumberValue(s.Count);
                });
                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });
        var session = await OpenAsync(server);
        await ConnectAsync(server, session);
        await SendAsync(server, session, "20[\"known\"]");
        Assert.Equal("30[\"known\"]", await session.NextAsync());
        await SendAsync(server, session, "21[\"échø\",1,{}]");
        Assert.Equal("31[true,\"échø\",2]", await session.NextAsync());
        await SendAsync(server, session, "22[\"\\u00e9ch\\u00f8\"]");
        Assert.Equal("32[true,\"échø\",0]", await session.NextAsync());
    }

    [Fact]
    public async Task Events_of_one_socket_are_handled_one_at_a_time_in_order()
    {
        var server = NewServer();
        var seen = new List<int>();
        var running = 0;
        var overlapped = false;
        server.Of("/").OnConnection(socket =>
        {
            socket.On("n", async e =>
            {
                overlapped |= Interlocked.Increment(ref running) > 1;
                var reader = e.Arguments.GetReader(0);
                reader.Read();
                var n = reader.GetInt32();
                // Scenario, not a wait: two in three handlers are still running when the next packets arrive. The
                // assertions hold for any pause length; a dispatcher that did not wait would overlap or reorder.
                await Task.Delay(n % 3);
                seen.Add(n);
                Interlocked.Decrement(ref running);
                if (n == 49)
                {
                    e.Ack();
                }
            });
            return ValueTask.CompletedTask;
        });
        var session = await OpenAsync(server);
        await ConnectAsync(server, session);
        for (var i = 0; i < 50; i++)
        {
            await SendAsync(server, session, i == 49 ? "20[\"n\",49]" : $"2[\"n\",{i}]");
        }

        Assert.Equal("30[]", await session.NextAsync());
        Assert.Equal(Enumerable.Range(0, 50), seen);
        Assert.False(overlapped);
    }

    [Fact]
    public async Task A_handler_waiting_for_the_clients_ack_does_not_block_that_ack()
    {
        var server = NewServer();
        var result = new TaskCompletionSource<string>();
        server.Of("/").OnConnection(socket =>
        {
            socket.On("ask", async e =>
            {
                var answer = await e.Socket.EmitWithAckAsync("question", "\"why?\""u8, TimeSpan.FromSeconds(5));
                result.TrySetResult(Text(answer[0]));
            });
            return ValueTask.CompletedTask;
        });
        var session = await OpenAsync(server);
        await ConnectAsync(server, session);
        await SendAsync(server, session, "2[\"ask\"]");
        Assert.Equal("20[\"question\",\"why?\"]", await session.NextAsync());
        await SendAsync(server, session, "30[\"because\"]");
        Assert.Equal("\"because\"", await result.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Emit_with_ack_times_out_and_a_late_ack_is_ignored()
    {
        var server = NewServer();
        var (session, socket) = await ConnectSocketAsync(server);
        var pending = socket.EmitWithAckAsync("q", TimeSpan.FromMilliseconds(100));
        Assert.Equal("20[\"q\"]", await session.NextAsync());
        await Assert.ThrowsAsync<TimeoutException>(() => pending);
        await SendAsync(server, session, "30[1]");
        Assert.False(session.Closed.IsCancellationRequested);

        var failed = socket.EmitWithAckAsync("q", TimeSpan.FromSeconds(5));
        Assert.Equal("21[\"q\"]", await session.NextAsync());
        socket.Disconnect();
        await Assert.ThrowsAsync<SocketDisconnectedException>(() => failed);
    }

    [Fact]
    public async Task Binary_event_is_handled_once_all_attachments_arrived_and_acked_with_binary()
    {
        var server = NewServer();
        server.Of("/admin").OnConnection(socket =>
        {
            socket.On("echoBinary", e =>
            {
                Assert.True(e.Arguments.TryGetBinary(1, out var second));
                Assert.True(e.Arguments.TryGetBinary(0, out var first));
                e.Ack(e, static (w, ev) =>
                {
                    ev.Arguments.TryGetBinary(0, out var a);
                    ev.Arguments.TryGetBinary(1, out var b);
                    w.WriteBinary(b);
                    w.WriteBinary(a);
                });
                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });
        var session = await OpenAsync(server);
        await ConnectAsync(server, session, "/admin");
        await SendAsync(server, session, "52-/admin,4[\"echoBinary\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        await SendBinaryAsync(server, session, [1, 2, 3]);
        await session.AssertQuietAsync();
        await SendBinaryAsync(server, session, [0xff]);
        Assert.Equal("62-/admin,4[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", await session.NextAsync());
        Assert.Equal("bin:FF", await session.NextAsync());
        Assert.Equal("bin:010203", await session.NextAsync());
    }

    [Fact]
    public async Task Binary_ack_from_the_client_completes_the_emit_with_its_bytes()
    {
        var server = NewServer();
        var (session, socket) = await ConnectSocketAsync(server);
        var pending = socket.EmitWithAckAsync("bytes", TimeSpan.FromSeconds(5));
        Assert.Equal("20[\"bytes\"]", await session.NextAsync());
        await SendAsync(server, session, "61-0[{\"_placeholder\":true,\"num\":0}]");
        await SendBinaryAsync(server, session, [9, 8]);
        var answer = await pending;
        Assert.True(answer.TryGetBinary(0, out var bytes));
        Assert.Equal([9, 8], bytes.ToArray());
    }
}
