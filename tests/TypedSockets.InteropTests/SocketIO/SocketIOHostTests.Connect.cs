namespace TypedSockets.Tests.SocketIO;

public sealed partial class SocketIOHostTests
{
    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Middleware_sees_auth_and_handshake_refuses_with_message_and_data_or_admits(string mode)
    {
        await using var host = await SocketIOTestHost.StartAsync();
        var result = await RunAsync(host, "auth", mode);

        var refused = result.Single("refused");
        Assert.Equal("Not authorized", refused.GetProperty("message").GetString());
        Assert.Equal("""{"code":7}""", refused.GetProperty("data").GetRawText());
        var accepted = result.Single("accepted");
        Assert.Equal("""{"token":"secret","extra":[1,"two"]}""", accepted.GetProperty("auth").GetRawText());
        Assert.Equal("alice", accepted.GetProperty("user").GetString());
        Assert.Equal("from-the-query", accepted.GetProperty("tag").GetString());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_connection_that_joins_no_namespace_is_closed_after_the_connect_timeout(string mode)
    {
        await using var host = await SocketIOTestHost.StartAsync();
        var result = await RunAsync(host, "connectTimeout", mode);

        var closed = result.Single("closed");
        Assert.InRange(closed.GetProperty("afterMs").GetInt32(), 1900, 10_000);
        Assert.True(host.Logs.Contains("joined no namespace"), "the close is logged");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Server_disconnect_reaches_the_client_as_io_server_disconnect(string mode)
    {
        await using var host = await SocketIOTestHost.StartAsync();
        var result = await RunAsync(host, "kick", mode);

        Assert.Equal("io server disconnect", result.Single("kicked").GetProperty("reason").GetString());
        Assert.Equal("io server disconnect", result.Single("kickedAndClosed").GetProperty("reason").GetString());

        await host.WaitForReasonsAsync(2);
        Assert.All(host.DisconnectReasons, r => Assert.Equal("server namespace disconnect", r));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Server_disconnect_during_the_upgrade_reaches_the_client_as_io_server_disconnect(string mode)
    {
        await using var host = await SocketIOTestHost.StartAsync();
        var result = await RunAsync(host, "kickDuringUpgrade", mode);

        var kicked = result.Single("kicked");
        var kickedAndClosed = result.Single("kickedAndClosed");
        Assert.Equal("io server disconnect", kicked.GetProperty("reason").GetString());
        Assert.Equal("io server disconnect", kickedAndClosed.GetProperty("reason").GetString());
        Assert.Equal(mode == "default", kicked.GetProperty("kickedMidUpgrade").GetBoolean());
        Assert.Equal(mode == "default", kickedAndClosed.GetProperty("kickedMidUpgrade").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_server_sees_socket_io_disconnect_reasons(string mode)
    {
        await using var host = await SocketIOTestHost.StartAsync();
        await RunAsync(host, "reasons", mode);

        await host.WaitForReasonsAsync(2);
        Assert.Equal(["client namespace disconnect", "transport close"], host.DisconnectReasons.Order(StringComparer.Ordinal));
        Assert.Equal(0, host.Server.Sockets.SocketCount);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_protocol_error_closes_only_the_offending_connection_with_a_log_line(string mode)
    {
        await using var host = await SocketIOTestHost.StartAsync();
        var result = await RunAsync(host, "protocolError", mode);

        Assert.Contains(result.Single("offender").GetProperty("reason").GetString(), new[] { "transport close", "transport error" });
        Assert.Equal(3, result.Single("bystander").GetProperty("answers").GetInt32());
        Assert.True(host.Logs.Contains("Socket.IO protocol error"), "the refusal is logged");
    }
}
