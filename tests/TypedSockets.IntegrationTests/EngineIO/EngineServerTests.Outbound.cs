using System.Text;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    [Fact]
    public async Task Outbound_bound_closes_only_the_slow_session_and_releases_what_it_held()
    {
        var shared = RecordingEngineHandler.CreateMessage(Encoding.UTF8.GetBytes(new string('x', 99)), isBinary: false);
        var accepted = 0;
        await using var server = await EngineTestServer.StartAsync(options => options.MaxOutboundBytes = 1000);
        server.Handler.OnMessage = (session, payload, isBinary) =>
        {
            if (payload.Span.SequenceEqual("flood"u8))
            {
                for (var i = 0; i < 20 && session.Send(shared); i++)
                {
                    accepted++;
                }
            }
            else
            {
                RecordingEngineHandler.Send(session, payload.Span, isBinary);
            }

            return ValueTask.CompletedTask;
        };
        var slow = await server.OpenPollingAsync();
        var other = await server.OpenPollingAsync();

        await server.PushAsync(slow, "4flood");

        Assert.Equal("outbound queue full", await server.Handler.Get(slow).WaitClosedAsync());
        Assert.Equal(10, accepted);
        Assert.Equal(1, shared.ReferenceCount);
        Assert.Contains(server.Logs.Lines, line => line.EventId == 2005);
        await AssertUnknownSidAsync(server, slow);
        await server.PushAsync(other, "4fine");
        Assert.Equal("4fine", await server.PollAsync(other));
        shared.Release();
    }

    [Fact]
    public async Task Outbound_message_larger_than_the_bound_goes_out_alone()
    {
        var large = RecordingEngineHandler.CreateMessage(new byte[300], isBinary: false);
        await using var server = await EngineTestServer.StartAsync(options => options.MaxOutboundBytes = 100);
        var sid = await server.OpenPollingAsync();
        var session = server.Handler.Get(sid).Session!;

        Assert.True(session.Send(large));
        Assert.Equal(301, (await server.PollAsync(sid)).Length);
        Assert.True(session.Send(large));
        Assert.False(session.Send(large));

        Assert.Equal("outbound queue full", await server.Handler.Get(sid).WaitClosedAsync());
        await WaitUntilAsync(() => large.ReferenceCount == 1);
        large.Release();
    }

    [Fact]
    public async Task Outbound_messages_are_released_once_sent()
    {
        var shared = RecordingEngineHandler.CreateMessage("hi"u8, isBinary: true);
        await using var server = await EngineTestServer.StartAsync();
        var first = await server.OpenPollingAsync();
        var second = await server.OpenPollingAsync();

        Assert.True(server.Handler.Get(first).Session!.Send(shared));
        Assert.True(server.Handler.Get(second).Session!.Send(shared));
        Assert.Equal(3, shared.ReferenceCount);

        Assert.Equal("baGk=", await server.PollAsync(first));
        Assert.Equal("baGk=", await server.PollAsync(second));
        await WaitUntilAsync(() => shared.ReferenceCount == 1);
        shared.Release();
    }

    [Fact]
    public async Task Outbound_messages_queued_when_a_session_dies_are_released()
    {
        var shared = RecordingEngineHandler.CreateMessage("hi"u8, isBinary: false);
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();
        var session = server.Handler.Get(sid).Session!;

        Assert.True(session.Send(shared));
        Assert.True(session.Send(shared));
        await server.PushAsync(sid, "1");

        Assert.Equal("transport close", await server.Handler.Get(sid).WaitClosedAsync());
        Assert.Equal(1, shared.ReferenceCount);
        Assert.False(session.Send(shared));
        Assert.Equal(1, shared.ReferenceCount);
        Assert.True(session.Closed.IsCancellationRequested);
        shared.Release();
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Poll.UntilAsync(condition, "the condition");
}
