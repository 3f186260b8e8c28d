using System.Net;
using System.Text.Json;
using TypedSockets.EngineIO;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    [Fact]
    public async Task Handler_failure_closes_only_that_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        server.Handler.OnMessage = (session, payload, isBinary) =>
        {
            if (payload.Span.SequenceEqual("boom"u8))
            {
                throw new InvalidOperationException("handler bug");
            }

            RecordingEngineHandler.Send(session, payload.Span, isBinary);
            return ValueTask.CompletedTask;
        };
        var failing = await server.OpenPollingAsync();
        var other = await server.OpenPollingAsync();

        await server.PushAsync(failing, "4boom\u001e4never delivered");

        Assert.Equal("forced close", await server.Handler.Get(failing).WaitClosedAsync());
        Assert.DoesNotContain("text:never delivered", server.Handler.Get(failing).Events);
        Assert.Contains(server.Logs.Lines, line => line.EventId == 2006);
        await server.PushAsync(other, "4ok");
        Assert.Equal("4ok", await server.PollAsync(other));
    }

    [Fact]
    public async Task Handler_failing_to_open_leaves_no_session()
    {
        await using var server = await EngineTestServer.StartAsync(handler: new FailingOpenHandler());

        using var response = await server.Client.GetAsync("socket.io/?EIO=4&transport=polling");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(0, server.Server.SessionCount);
    }

    [Fact]
    public async Task Polling_offers_no_upgrade_when_websocket_is_disabled()
    {
        await using var server = await EngineTestServer.StartAsync(options => options.Transports = EngineTransports.Polling);

        var open = await server.Client.GetStringAsync("socket.io/?EIO=4&transport=polling");
        using var websocket = await server.Client.GetAsync("socket.io/?EIO=4&transport=websocket");

        using var json = JsonDocument.Parse(open.AsMemory(1));
        Assert.Equal(0, json.RootElement.GetProperty("upgrades").GetArrayLength());
        await AssertErrorAsync(websocket, HttpStatusCode.BadRequest, 0, "Transport unknown");
    }

    private sealed class FailingOpenHandler : IEngineSessionAcceptor
    {
        public IEngineSessionHandler OnOpen(IEngineSession session) => throw new InvalidOperationException("refuses every session");
    }
}
