using TypedSockets.Tests.Samples;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// The real socket.io Admin UI page (the npm package's, served by SeedTour <c>--admin-ui</c>) in headless Chromium, over
/// two SeedTour nodes joined by a redis-server, with socket.io-client connections on both (tests/node/admin-ui-browser.mjs).
/// One browser for the whole scenario: a wrong password, the login, both nodes' sockets and servers, a room, and a
/// disconnect from the UI that reaches the client on the other node.
/// </summary>
[Collection(SeedTourCollection.Name)]
public sealed class SeedTourAdminUITests
{
    [Fact]
    public async Task The_admin_UI_logs_in_lists_every_nodes_sockets_and_rooms_and_disconnects_a_socket()
    {
        // The default credentials admin/admin are accepted in the Development environment only.
        await using var cluster = await SeedTourCluster.StartAsync(2, "--admin-ui", "--environment", "Development");
        var screenshot = Path.Combine(RepositoryPaths.Root, "tests", "TypedSockets.InteropTests", "TestResults", "admin-ui.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        var result = await NodeScenario.RunAsync("admin-ui-browser.mjs", [screenshot, .. cluster.Urls]);

        var clients = result.Single("clients");
        var ids = clients.GetProperty("ids").EnumerateArray().Select(id => id.GetString()!).ToArray();
        Assert.Equal(2, ids.Length);
        Assert.True(clients.GetProperty("joined").GetBoolean());
        var refused = result.Single("refused");
        Assert.Equal(cluster.Urls[0], refused.GetProperty("serverUrl").GetString());
        Assert.Equal(ids, result.Single("sockets").GetProperty("listed").EnumerateArray().Select(id => id.GetString()!).ToArray());
        Assert.Equal(2, result.Single("servers").GetProperty("ids").GetArrayLength());
        var disconnected = result.Single("disconnected");
        Assert.Equal(ids[1], disconnected.GetProperty("id").GetString());
        Assert.Equal("io server disconnect", disconnected.GetProperty("reason").GetString());
        Assert.Equal("[true]", disconnected.GetProperty("others").GetRawText());
        Assert.Equal("[]", result.Single("pageErrors").GetProperty("errors").GetRawText());
        Assert.True(new FileInfo(screenshot).Length > 0, "no screenshot of the admin UI");
        await cluster.Nodes[0].WaitForOutputAsync("Admin UI: namespace /admin");
    }

    [Fact]
    public async Task Outside_Development_configured_credentials_are_required_and_without_the_flag_admin_is_an_unknown_namespace()
    {
        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => SampleProcess.StartAsync("SeedTour", "--admin-ui"));
        Assert.Contains("set AdminUI:Username and AdminUI:Password", refused.Message);

        await using var server = await SampleProcess.StartAsync("SeedTour", "--admin-ui", "--AdminUI:Username", "ops", "--AdminUI:Password", "a long secret");
        await using var plain = await SampleProcess.StartAsync("SeedTour");
        var result = await NodeScenario.RunAsync("admin-ui-namespace.mjs", server.BaseUrl, "ops", "a long secret", plain.BaseUrl);

        Assert.Equal("invalid credentials", result.Single("wrongPassword").GetProperty("message").GetString());
        Assert.Equal("invalid credentials", result.Single("noCredentials").GetProperty("message").GetString());
        var admitted = result.Single("admitted");
        Assert.Matches("^[0-9a-f]{32}$", admitted.GetProperty("session").GetString());
        // Production mode outside Development: the actions and aggregated counts, no socket list or per-event reports.
        Assert.Equal("""{"supportedFeatures":["EMIT","JOIN","LEAVE","DISCONNECT","MJOIN","MLEAVE","MDISCONNECT","AGGREGATED_EVENTS"]}""", admitted.GetProperty("config").GetRawText());
        var stats = result.Single("stats");
        Assert.Contains("#", stats.GetProperty("serverId").GetString());
        Assert.Contains("\"/admin\"", stats.GetProperty("namespaces").GetRawText());
        Assert.True(result.Single("reconnected").GetProperty("withSession").GetBoolean());
        Assert.Equal("Invalid namespace", result.Single("withoutFlag").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_bcrypt_hash_of_the_password_as_socket_ios_admin_server_takes_it_logs_the_page_in()
    {
        // Made by bcryptjs, the library socket.io's admin server compares its hashed password with.
        var hash = (await NodeScenario.RunAsync("bcrypt-hash.mjs", "a long secret")).Single("hash").GetProperty("hash").GetString()!;

        await using var server = await SampleProcess.StartAsync("SeedTour", "--admin-ui", "--AdminUI:Username", "ops", "--AdminUI:PasswordHash", hash);
        await using var plain = await SampleProcess.StartAsync("SeedTour");
        var result = await NodeScenario.RunAsync("admin-ui-namespace.mjs", server.BaseUrl, "ops", "a long secret", plain.BaseUrl);

        Assert.Equal("invalid credentials", result.Single("wrongPassword").GetProperty("message").GetString());
        Assert.Equal("invalid credentials", result.Single("noCredentials").GetProperty("message").GetString());
        Assert.Matches("^[0-9a-f]{32}$", result.Single("admitted").GetProperty("session").GetString());
        Assert.True(result.Single("reconnected").GetProperty("withSession").GetBoolean());
    }

    [Fact]
    public async Task A_password_hash_that_is_not_bcrypt_stops_the_application_naming_the_setting()
    {
        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() =>
            SampleProcess.StartAsync("SeedTour", "--admin-ui", "--AdminUI:Username", "ops", "--AdminUI:PasswordHash", "$2b$10$too-short"));
        Assert.Contains("AdminUI:PasswordHash must be a bcrypt hash", refused.Message);
    }
}
