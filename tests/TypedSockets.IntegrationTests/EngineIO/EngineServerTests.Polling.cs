using System.Net;
using System.Text;
using System.Text.Json;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    [Fact]
    public async Task Polling_handshake_answers_the_open_packet()
    {
        await using var server = await EngineTestServer.StartAsync(options =>
        {
            options.PingInterval = TimeSpan.FromMilliseconds(300);
            options.PingTimeout = TimeSpan.FromMilliseconds(200);
        });

        using var response = await server.Client.GetAsync("socket.io/?EIO=4&transport=polling");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
        Assert.StartsWith("0{", body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body.AsMemory(1));
        var root = json.RootElement;
        Assert.Equal(["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"], root.EnumerateObject().Select(p => p.Name));
        var sid = root.GetProperty("sid").GetString()!;
        Assert.Matches("^[A-Za-z0-9_-]{20}$", sid);
        Assert.Equal(300, root.GetProperty("pingInterval").GetInt32());
        Assert.Equal(200, root.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1_000_000, root.GetProperty("maxPayload").GetInt32());
        Assert.Equal(1, server.Server.SessionCount);
        Assert.Equal(["open"], server.Handler.Get(sid).Events);
    }

    [Fact]
    public async Task Polling_sids_differ_between_sessions()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sids = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            Assert.True(sids.Add(await server.OpenPollingAsync()));
        }

        Assert.Equal(20, server.Server.SessionCount);
    }

    [Fact]
    public async Task Polling_echoes_one_text_packet()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();

        await server.PushAsync(sid, "4hello");

        Assert.Equal("4hello", await server.PollAsync(sid));
        Assert.Equal(["open", "text:hello"], server.Handler.Get(sid).Events);
    }

    [Fact]
    public async Task Polling_batches_everything_queued_into_one_body()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();

        await server.PushAsync(sid, "4test1\u001e4test2\u001e4test3");

        Assert.Equal("4test1\u001e4test2\u001e4test3", await server.PollAsync(sid));
        Assert.Equal(["open", "text:test1", "text:test2", "text:test3"], server.Handler.Get(sid).Events);
    }

    [Fact]
    public async Task Polling_carries_binary_as_base64_packets()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();

        await server.PushAsync(sid, "4hello\u001ebAQIDBA==\u001eb");

        using var response = await server.GetAsync(sid);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("4hello\u001ebAQIDBA==\u001eb", body);
        Assert.Equal(["open", "text:hello", "binary:01020304", "binary:"], server.Handler.Get(sid).Events);
    }

    [Fact]
    public async Task Polling_content_length_counts_utf8_bytes()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();

        await server.PushAsync(sid, "4€ and 😀");

        using var response = await server.GetAsync(sid);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("4€ and 😀", Encoding.UTF8.GetString(bytes));
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        Assert.Equal(13, bytes.Length);
    }

    [Fact]
    public async Task Polling_get_waits_until_something_is_queued()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();

        var poll = await server.StartPollAsync(sid);
        await Quiet.AssertNothingArrivesWithin(poll, "an answer to a poll with nothing queued", TimeSpan.FromMilliseconds(200));

        await server.PushAsync(sid, "4late");

        Assert.Equal("4late", await poll.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Polling_second_concurrent_get_is_refused_and_closes_the_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();

        var first = await server.StartGetAsync(sid);
        using var second = await server.GetAsync(sid);

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        using var firstResponse = await first.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal("1", await firstResponse.Content.ReadAsStringAsync());
        Assert.Equal("transport error", await server.Handler.Get(sid).WaitClosedAsync());
        await AssertUnknownSidAsync(server, sid);
    }

    [Fact]
    public async Task Polling_close_packet_ends_the_pending_poll_with_a_noop()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();

        var poll = await server.StartPollAsync(sid);
        await server.PushAsync(sid, "1");

        Assert.Equal("6", await poll.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("transport close", await server.Handler.Get(sid).WaitClosedAsync());
        Assert.Equal(["open", "close:transport close"], server.Handler.Get(sid).Events);
        await AssertUnknownSidAsync(server, sid);
        Assert.Equal(0, server.Server.SessionCount);
    }

    [Fact]
    public async Task Polling_poll_racing_the_close_packet_still_gets_a_noop()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();

        await server.PushAsync(sid, "1");

        Assert.Equal("transport close", await server.Handler.Get(sid).WaitClosedAsync());
        Assert.Equal(0, server.Server.SessionCount);
        Assert.Equal("6", await server.PollAsync(sid));
        await AssertUnknownSidAsync(server, sid);
    }

    [Fact]
    public async Task Polling_aborted_get_closes_the_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();

        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.GetAsync(sid, cancel.Token));
        }

        Assert.Equal("transport error", await server.Handler.Get(sid).WaitClosedAsync());
        await AssertUnknownSidAsync(server, sid);
    }

    [Fact]
    public async Task Polling_server_close_delivers_what_was_queued_then_the_close_packet_in_the_next_poll()
    {
        await using var server = await EngineTestServer.StartAsync();
        server.Handler.OnMessage = (session, payload, isBinary) =>
        {
            RecordingEngineHandler.Send(session, "goodbye"u8, isBinary: false);
            session.Close("test says bye");
            return ValueTask.CompletedTask;
        };
        var sid = await server.OpenPollingAsync();

        await server.PushAsync(sid, "4bye");

        // Clients handle a payload's close before its other packets: the close waits for the next poll.
        Assert.Equal("4goodbye", await server.PollAsync(sid));
        Assert.Equal("1", await server.PollAsync(sid));
        Assert.Equal(["open", "text:bye", "close:forced close"], server.Handler.Get(sid).Events);
        await AssertUnknownSidAsync(server, sid);
    }

    [Fact]
    public async Task Polling_handler_calls_never_overlap_and_close_comes_last()
    {
        await using var server = await EngineTestServer.StartAsync();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Handler.OnMessage = async (session, payload, isBinary) =>
        {
            entered.TrySetResult();
            await release.Task;
        };
        var sid = await server.OpenPollingAsync();

        var push = server.PushAsync(sid, "4a\u001e4b\u001e4c");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(5));
        server.Handler.Get(sid).Session!.Close("closing while the handler is busy");
        var record = server.Handler.Get(sid);
        await Quiet.AssertNothingArrivesWithin(() => record.Events.Length > 2, "an event delivered while the handler is busy");
        Assert.Equal(["open", "text:a"], record.Events);
        release.SetResult();
        await push;

        Assert.Equal("forced close", await record.WaitClosedAsync());
        Assert.False(record.Overlapped);
        Assert.Equal(["open", "text:a", "close:forced close"], record.Events);
    }
}
