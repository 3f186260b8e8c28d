using System.Text.Json;
using TypedSockets.Tests.Samples;
using TypedSockets.Testing.Security;

namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// samples/SeedTour's <c>/private</c> namespace with real JWTs minted here: who may connect and with which token
/// source, the per-method role, and the per-socket rate limit, from socket.io-client in each transport mode.
/// </summary>
public sealed partial class SeedTourTests
{
    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Private_refuses_missing_and_bad_tokens_and_accepts_every_token_source(string mode)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunPrivateAsync(server, "connect", mode);

        var refusals = result.Single("refusals");
        foreach (var name in new[] { "none", "expired", "notYetValid", "wrongKey", "garbage" })
        {
            var refusal = refusals.GetProperty(name);
            Assert.False(refusal.GetProperty("connected").GetBoolean(), name);
            Assert.Equal("unauthorized", refusal.GetProperty("message").GetString());
            Assert.Equal(JsonValueKind.String, refusal.GetProperty("data").GetProperty("reason").ValueKind);
        }

        string Reason(string name) => refusals.GetProperty(name).GetProperty("data").GetProperty("reason").GetString()!;
        Assert.Equal("no token", Reason("none"));
        Assert.Equal("token expired", Reason("expired"));
        Assert.Equal("token not yet valid", Reason("notYetValid"));
        Assert.Equal("invalid signature", Reason("wrongKey"));
        Assert.Equal("invalid token", Reason("garbage"));

        var accepted = result.Single("accepted");
        Assert.Equal("""{"name":"Alice","roles":["user"]}""", accepted.GetProperty("viaAuth").GetRawText());
        Assert.Equal("""{"name":"Alice","roles":["user"]}""", accepted.GetProperty("viaQuery").GetRawText());
        Assert.Equal("""{"name":"Root","roles":["admin","user"]}""", accepted.GetProperty("viaHeader").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Private_adminOnly_is_forbidden_to_users_who_stay_connected(string mode)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunPrivateAsync(server, "roles", mode);

        var roles = result.Single("roles");
        Assert.Equal("""{"error":"forbidden"}""", roles.GetProperty("userAdminOnly").GetRawText());
        Assert.Equal("""{"name":"Alice","roles":["user"]}""", roles.GetProperty("userAfter").GetRawText());
        Assert.True(roles.GetProperty("userConnected").GetBoolean());
        Assert.Equal("""{"ok":true}""", roles.GetProperty("adminAdminOnly").GetRawText());
        await server.WaitForOutputAsync("refused: the user does not meet its authorization policy");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Private_shout_is_limited_per_socket_and_private_sockets_are_not_in_the_stats(string mode)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunPrivateAsync(server, "shout", mode);

        var shout = result.Single("shout");
        var flood = shout.GetProperty("flood").EnumerateArray().ToList();
        var accepted = flood.Count(a => a.ValueKind == JsonValueKind.True);
        var limited = flood.Count(a => a.GetRawText() == """{"error":"rate limited"}""");
        Assert.Equal(flood.Count, accepted + limited);

        // 5 tokens at once, refilled at 5 per second: a burst of 20 gets its 5 and at most what the burst's own
        // duration refilled; the first five are never refused.
        Assert.InRange(accepted, 5, 8);
        Assert.All(flood.Take(5), a => Assert.Equal(JsonValueKind.True, a.ValueKind));
        Assert.Equal("[true,true,true,true,true]", shout.GetProperty("others").GetRawText());
        Assert.True(shout.GetProperty("stillConnected").GetBoolean());
        Assert.All(shout.GetProperty("stats").EnumerateArray(), n => Assert.Equal(1, n.GetInt32()));
    }

    [Theory]
    [MemberData(nameof(PythonTransports))]
    public async Task Python_socketio_connects_to_private_with_a_token_in_auth(string transport)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var now = DateTime.UtcNow;
        var script = Path.Combine(RepositoryPaths.Root, "tests", "python", "seed_tour_private_client.py");
        var expired = TestTokens.Mint(TestTokens.SeedTourKey, "Alice", ["user"], now.AddHours(-2), now.AddHours(-1));
        var run = await ChildProcess.RunAsync("/usr/bin/python3", [script, server.BaseUrl, transport, TestTokens.SeedTour("Alice", "user"), expired], TimeSpan.FromSeconds(30));
        Assert.True(run.ExitCode == 0, $"python client exited {run.ExitCode}:\n{run.Output}\n{run.Error}");
        var observed = JsonDocument.Parse(run.Output).RootElement;

        Assert.Equal("""{"name":"Alice","roles":["user"]}""", observed.GetProperty("whoami").GetRawText());
        Assert.Equal("""{"error":"forbidden"}""", observed.GetProperty("adminOnly").GetRawText());
        Assert.True(observed.GetProperty("shout").GetBoolean());
        Assert.True(observed.GetProperty("stillConnected").GetBoolean());
        Assert.False(observed.GetProperty("expiredConnected").GetBoolean());
        Assert.Equal("""{"message":"unauthorized","data":{"reason":"token expired"}}""", observed.GetProperty("expiredData").GetRawText());
    }

    private static async Task<NodeScenarioResult> RunPrivateAsync(SampleProcess server, string scenario, string mode)
    {
        var now = DateTime.UtcNow;
        var tokens = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["user"] = TestTokens.SeedTour("Alice", "user"),
            ["admin"] = TestTokens.SeedTour("Root", "admin", "user"),
            ["expired"] = TestTokens.Mint(TestTokens.SeedTourKey, "Alice", ["user"], now.AddHours(-2), now.AddHours(-1)),
            ["notYetValid"] = TestTokens.Mint(TestTokens.SeedTourKey, "Alice", ["user"], now.AddHours(1), now.AddHours(2)),
            ["wrongKey"] = TestTokens.Mint(TestTokens.WrongKey, "Alice", ["user"]),
        });
        return await NodeScenario.RunAsync("seedtour-private.mjs", scenario, server.BaseUrl, mode, tokens);
    }
}
