namespace TypedSockets.Tests.SocketIO;

public sealed partial class SocketIOServerTests
{
    [Theory]
    [InlineData("9")]
    [InlineData("abc")]
    [InlineData("2abc[\"message-with-ack\",1]")]
    [InlineData("2{\"not\":\"an array\"}")]
    [InlineData("2[1,2]")]
    [InlineData("2[]")]
    [InlineData("3[]")]
    [InlineData("2/admin,[\"x\"]")]
    [InlineData("1/admin,")]
    [InlineData("5x-[\"x\",{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("599-[\"x\"]")]
    [InlineData("0")]
    [InlineData("4{\"message\":\"x\"}")]
    public async Task Protocol_errors_close_the_engine_session(string packet)
    {
        var server = NewServer();
        server.Of("/");
        server.Of("/admin");
        var session = await OpenAsync(server);
        var other = await OpenAsync(server);
        await ConnectAsync(server, session);
        await ConnectAsync(server, other);
        await SendAsync(server, session, packet);
        Assert.True(session.Closed.IsCancellationRequested);
        Assert.Equal("parse error", session.CloseReason);
        Assert.False(other.Closed.IsCancellationRequested);
        Assert.Equal(1, server.Sockets.SocketCount);
    }

    [Fact]
    public async Task An_attachment_without_a_binary_packet_closes_the_session()
    {
        var server = NewServer();
        server.Of("/");
        var session = await OpenAsync(server);
        await ConnectAsync(server, session);
        await SendBinaryAsync(server, session, [1, 2]);
        Assert.True(session.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task Text_while_attachments_are_expected_closes_the_session()
    {
        var server = NewServer();
        server.Of("/");
        var session = await OpenAsync(server);
        await ConnectAsync(server, session);
        await SendAsync(server, session, "52-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        await SendBinaryAsync(server, session, [1]);
        Assert.False(session.Closed.IsCancellationRequested);
        await SendAsync(server, session, "2[\"y\"]");
        Assert.True(session.Closed.IsCancellationRequested);
    }
}
