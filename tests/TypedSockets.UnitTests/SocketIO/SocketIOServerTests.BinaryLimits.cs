namespace TypedSockets.Tests.SocketIO;

public sealed partial class SocketIOServerTests
{
    private const string ThreeAttachments = "53-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":2}]";

    [Fact]
    public async Task Attachments_of_one_packet_are_capped_together_not_only_each_on_its_own()
    {
        var server = NewServer(o => o.MaxBinaryPacketBytes = 1000);
        server.Of("/");
        var session = await OpenAsync(server);
        var other = await OpenAsync(server);
        await ConnectAsync(server, session);
        await ConnectAsync(server, other);

        await SendAsync(server, session, ThreeAttachments);
        await SendBinaryAsync(server, session, new byte[400]);
        await SendBinaryAsync(server, session, new byte[400]);
        Assert.False(session.Closed.IsCancellationRequested);

        // 1,200 bytes together: each attachment is small, the packet is not.
        await SendBinaryAsync(server, session, new byte[400]);
        Assert.True(session.Closed.IsCancellationRequested);
        Assert.Equal("parse error", session.CloseReason);
        Assert.False(other.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task A_packet_exactly_at_the_cap_is_delivered_and_the_next_packet_starts_from_zero()
    {
        var server = NewServer(o => o.MaxBinaryPacketBytes = 1000);
        var received = new List<int>();
        server.Of("/").OnConnection(socket =>
        {
            socket.On("x", e =>
            {
                lock (received)
                {
                    received.Add(e.Arguments.AttachmentCount);
                }

                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });
        var session = await OpenAsync(server);
        await ConnectAsync(server, session);

        for (var round = 0; round < 2; round++)
        {
            await SendAsync(server, session, ThreeAttachments);
            await SendBinaryAsync(server, session, new byte[400]);
            await SendBinaryAsync(server, session, new byte[400]);
            await SendBinaryAsync(server, session, new byte[200]);
        }

        Assert.False(session.Closed.IsCancellationRequested);
        await Poll.UntilAsync(() => { lock (received) { return received.Count == 2; } }, "both packets to reach the handler");
    }

    [Fact]
    public async Task Many_connections_holding_incomplete_packets_each_hold_no_more_than_the_cap()
    {
        // Forty connections each announce ten attachments and send them one by one: every one of them is cut as soon
        // as its packet would pass 1,000 bytes, so together they never hold more than 40 x 1,000 bytes.
        var server = NewServer(o => o.MaxBinaryPacketBytes = 1000);
        server.Of("/");
        var sessions = new List<TestEngineSession>();
        for (var i = 0; i < 40; i++)
        {
            var session = await OpenAsync(server);
            await ConnectAsync(server, session);
            await SendAsync(server, session, "510-[\"x\"" + string.Concat(Enumerable.Range(0, 10).Select(n => $",{{\"_placeholder\":true,\"num\":{n}}}")) + "]");
            sessions.Add(session);
        }

        for (var attachment = 1; attachment <= 6; attachment++)
        {
            foreach (var session in sessions)
            {
                await SendBinaryAsync(server, session, new byte[200]);
                Assert.Equal(attachment > 5, session.Closed.IsCancellationRequested);
            }
        }
    }

    [Fact]
    public void The_packet_cap_defaults_to_the_default_max_payload()
    {
        Assert.Equal(new TypedSockets.EngineIO.EngineOptions().MaxPayload, new TypedSockets.SocketIO.SocketIOOptions().MaxBinaryPacketBytes);
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(17, true)]
    public async Task An_event_name_past_the_limit_closes_only_that_session(int length, bool closes)
    {
        var server = NewServer(o => o.MaxEventNameLength = 16);
        server.Of("/");
        var session = await OpenAsync(server);
        var other = await OpenAsync(server);
        await ConnectAsync(server, session);
        await ConnectAsync(server, other);

        await SendAsync(server, session, $"2[\"{new string('e', length)}\",1]");

        Assert.Equal(closes, session.Closed.IsCancellationRequested);
        Assert.False(other.Closed.IsCancellationRequested);
    }

    [Fact]
    public void The_event_name_limit_defaults_to_1024_bytes() =>
        Assert.Equal(1024, new TypedSockets.SocketIO.SocketIOOptions().MaxEventNameLength);
}
