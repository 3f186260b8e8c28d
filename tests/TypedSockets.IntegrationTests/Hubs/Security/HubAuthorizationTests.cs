using TypedSockets.Client;
using TypedSockets.Hubs;
using TypedSockets.Testing.Security;

namespace TypedSockets.Tests.Hubs.Security;

/// <summary>
/// Connection authentication and hub/method authorization with real JWTs, from the generated typed C# client (its
/// token in the CONNECT auth payload), over the HTTP upgrade and the fast path.
/// </summary>
public sealed class HubAuthorizationTests
{
    public static TheoryData<bool> Paths => [false, true];

    private static SocketIOClientOptions Options(string? authJson) => new()
    {
        Reconnection = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AckTimeout = TimeSpan.FromSeconds(5),
        AuthJson = authJson,
    };

    private static SocketIOClientOptions WithToken(string token) => Options($$"""{"token":"{{token}}"}""");

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_token_in_the_auth_payload_is_the_users_identity_and_methods_check_roles_and_policies(bool fastPath)
    {
        await using var server = await SecurityTestServer.StartAsync(fastPath);
        await using var alice = await VaultClient.ConnectAsync(server.BaseUri, new IgnoringReceiver(), WithToken(SecurityTestServer.Token("alice", "user")));
        await using var root = await VaultClient.ConnectAsync(server.BaseUri, new IgnoringReceiver(), WithToken(SecurityTestServer.Token("root", "admin", "member")));

        Assert.Equal("alice", await alice.Hub.WhoAmI());
        Assert.Equal("root", await root.Hub.WhoAmI());

        // The role comes from the contract interface, the policy from the implementation; refusals leave the socket up.
        Assert.Equal("forbidden", (await Assert.ThrowsAsync<HubException>(() => alice.Hub.AdminOnly())).Message);
        Assert.Equal("forbidden", (await Assert.ThrowsAsync<HubException>(() => alice.Hub.MembersOnly())).Message);
        Assert.Equal("alice", await alice.Hub.WhoAmI());
        Assert.Equal("admin ok", await root.Hub.AdminOnly());
        Assert.Equal("members ok", await root.Hub.MembersOnly());
        Assert.Equal(2, server.Logs.Lines.Count(e => e.Message.Contains("does not meet its authorization policy", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Missing_expired_and_wrongly_signed_tokens_are_refused_before_the_hub_runs(bool fastPath)
    {
        await using var server = await SecurityTestServer.StartAsync(fastPath);
        var now = DateTime.UtcNow;
        var expired = TestTokens.Mint(SecurityTestServer.Key, "alice", ["user"], now.AddHours(-2), now.AddHours(-1), SecurityTestServer.Issuer, SecurityTestServer.Issuer);
        var wrongKey = TestTokens.Mint(TestTokens.WrongKey, "alice", ["user"], issuer: SecurityTestServer.Issuer, audience: SecurityTestServer.Issuer);
        var wrongIssuer = TestTokens.Mint(SecurityTestServer.Key, "alice", ["user"], issuer: "someone-else", audience: SecurityTestServer.Issuer);

        foreach (var options in new[] { Options(null), WithToken(expired), WithToken(wrongKey), WithToken(wrongIssuer) })
        {
            var refusal = await Assert.ThrowsAsync<SocketIOConnectException>(() => VaultClient.ConnectAsync(server.BaseUri, new IgnoringReceiver(), options));
            Assert.Equal("unauthorized", refusal.ServerMessage);
        }

        Assert.Equal(3, server.Logs.Lines.Count(e => e.Message.Contains("Bearer token of connection", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_hub_policy_refuses_authenticated_users_who_do_not_meet_it(bool fastPath)
    {
        await using var server = await SecurityTestServer.StartAsync(fastPath);
        var refusal = await Assert.ThrowsAsync<SocketIOConnectException>(() =>
            ClubClient.ConnectAsync(server.BaseUri, new IgnoringReceiver(), WithToken(SecurityTestServer.Token("alice", "user"))));
        Assert.Equal("forbidden", refusal.ServerMessage);

        await using var member = await ClubClient.ConnectAsync(server.BaseUri, new IgnoringReceiver(), WithToken(SecurityTestServer.Token("bob", "member")));
        Assert.Equal("welcome bob", await member.Hub.Enter());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_connection_authenticator_reads_the_typed_auth_payload_and_sets_user_and_items(bool fastPath)
    {
        await using var server = await SecurityTestServer.StartAsync(fastPath);
        await using var gold = await GateClient.ConnectAsync(server.BaseUri, new IgnoringReceiver(), Options("""{"apiKey":"k-gold"}"""));
        Assert.Equal("gold", await gold.Hub.Who());
        Assert.Equal("gold", await gold.Hub.Tier());

        var refusal = await Assert.ThrowsAsync<SocketIOConnectException>(() =>
            GateClient.ConnectAsync(server.BaseUri, new IgnoringReceiver(), Options("""{"apiKey":"k-lead"}""")));
        Assert.Equal("bad key", refusal.ServerMessage);
    }

    [Fact]
    public async Task A_flood_from_one_socket_is_limited_while_another_keeps_its_budget()
    {
        await using var server = await SecurityTestServer.StartAsync();
        await using var flooder = await VaultClient.ConnectAsync(server.BaseUri, new IgnoringReceiver(), WithToken(SecurityTestServer.Token("alice", "user")));
        await using var other = await VaultClient.ConnectAsync(server.BaseUri, new IgnoringReceiver(), WithToken(SecurityTestServer.Token("bob", "user")));

        // Three per minute: nothing refills within the test.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i, await flooder.Hub.Tick(i));
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("rate limited", (await Assert.ThrowsAsync<HubException>(() => flooder.Hub.Tick(i))).Message);
        }

        Assert.Equal("alice", await flooder.Hub.WhoAmI());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i, await other.Hub.Tick(i));
        }
    }

    [Fact]
    public async Task Repeated_excess_disconnects_when_configured()
    {
        await using var server = await SecurityTestServer.StartAsync(security: s => s.DisconnectAfterRateLimitExcess = 2);
        await using var flooder = await VaultClient.ConnectAsync(server.BaseUri, new IgnoringReceiver(), WithToken(SecurityTestServer.Token("alice", "user")));
        for (var i = 0; i < 3; i++)
        {
            await flooder.Hub.Tick(i);
        }

        Assert.Equal("rate limited", (await Assert.ThrowsAsync<HubException>(() => flooder.Hub.Tick(3))).Message);
        await Assert.ThrowsAnyAsync<Exception>(() => flooder.Hub.Tick(4));
        await Poll.UntilAsync(() => server.Logs.Lines.Any(e => e.Message.Contains("events in a row over their rate limit", StringComparison.Ordinal)), "the disconnect");
    }
}
