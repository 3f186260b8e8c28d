using System.Net;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// samples/SeedTour run as two or three processes joined by a real redis-server (<c>--redis</c>), with
/// socket.io-client peers spread over them (tests/node/seedtour-cluster.mjs).
/// </summary>
[Collection(SeedTourCollection.Name)]
public sealed class SeedTourClusterTests
{
    private const string Script = "seedtour-cluster.mjs";

    [Fact]
    public async Task NumClients_counts_the_sockets_of_every_node()
    {
        await using var cluster = await SeedTourCluster.StartAsync(3);
        var result = await NodeScenario.RunAsync(Script, ["counts", .. cluster.Urls]);

        Assert.Equal("""[{"numClients":4},{"numClients":4},{"numClients":4},{"numClients":4}]""", result.Single("counts").GetProperty("stats").GetRawText());
        Assert.Equal("""[{"numClients":2},{"numClients":2}]""", result.Single("afterLeave").GetProperty("stats").GetRawText());
    }

    [Fact]
    public async Task Room_broadcasts_reach_the_members_on_every_node_and_nobody_else()
    {
        await using var cluster = await SeedTourCluster.StartAsync(2);
        var result = await NodeScenario.RunAsync(Script, ["rooms", .. cluster.Urls]);

        var events = result.All("someEvents").ToDictionary(e => e.GetProperty("client").GetString()!, e => e.GetProperty("events").GetRawText());
        // a and d are on node 0, b and c on node 1; b left blue before the second blue message.
        Assert.Equal("""[{"room":"blue","text":"blue from a on node 0"},{"room":"blue","text":"blue after b left"}]""", events["a"]);
        Assert.Equal("""[{"room":"blue","text":"blue from a on node 0"}]""", events["b"]);
        Assert.Equal("[]", events["c"]);
        Assert.Equal("""[{"room":"red","text":"red from c on node 1"}]""", events["d"]);
    }

    [Fact]
    public async Task Namespaces_stay_apart_across_nodes()
    {
        await using var cluster = await SeedTourCluster.StartAsync(2);
        var result = await NodeScenario.RunAsync(Script, ["namespaces", .. cluster.Urls]);

        var stackAbuse = result.Single("stackabuse");
        Assert.Equal(2, stackAbuse.GetProperty("first").GetArrayLength());
        Assert.Equal(1, stackAbuse.GetProperty("second").GetArrayLength());
        var main = result.Single("main").GetProperty("events").GetRawText();
        Assert.DoesNotContain("some data", main, StringComparison.Ordinal);
        Assert.Contains("numClients", main, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_client_gets_each_message_of_its_room_exactly_once_under_load()
    {
        await using var cluster = await SeedTourCluster.StartAsync(3);
        var load = (await NodeScenario.RunAsync(Script, ["load", .. cluster.Urls])).Single("load");

        Assert.Equal(12, load.GetProperty("clients").GetInt32());
        Assert.Equal(360, load.GetProperty("sent").GetInt32());
        Assert.Equal(load.GetProperty("expected").GetInt32(), load.GetProperty("delivered").GetInt32());
        Assert.Equal(0, load.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, load.GetProperty("missing").GetInt32());
        Assert.Equal(0, load.GetProperty("foreign").GetInt32());
    }

    [Fact]
    public async Task A_killed_node_leaves_the_counts_of_the_others_within_the_node_timeout()
    {
        await using var cluster = await SeedTourCluster.StartAsync(2);
        await using var clients = NodeSession.Start(Script, ["killNode", .. cluster.Urls]);
        await clients.ReadAsync("ready", TimeSpan.FromSeconds(15));

        await cluster.Nodes[1].DisposeAsync();
        await clients.ContinueAsync();

        // Node 1's heartbeat expires within the node timeout; the next heartbeat of node 0 removes it and SeedTour
        // tells its clients. The scenario gives up after 10 s, far beyond timeout + heartbeat interval (2.7 s).
        var survivor = await clients.ReadAsync("survivor", TimeSpan.FromSeconds(15));
        Assert.Equal(1, survivor.GetProperty("stats").GetProperty("numClients").GetInt32());
        var afterKill = await clients.ReadAsync("afterKill", TimeSpan.FromSeconds(10));
        // The survivor's client and the late one: the two on node 1 are gone from the count.
        Assert.Equal(2, afterKill.GetProperty("late").GetProperty("numClients").GetInt32());
        Assert.True(afterKill.GetProperty("aConnected").GetBoolean());
        Assert.True(cluster.Nodes[0].IsRunning);
    }

    [Fact]
    public async Task Without_redis_nodes_serve_their_own_clients_and_resume_the_cluster_when_it_is_back()
    {
        await using var cluster = await SeedTourCluster.StartAsync(2);
        using var http = new HttpClient();
        var health = cluster.Nodes[0].BaseUrl + "/healthz";
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(health)).StatusCode);
        await using var clients = NodeSession.Start(Script, ["redisRestart", .. cluster.Urls]);
        await clients.ReadAsync("ready", TimeSpan.FromSeconds(15));

        await cluster.Redis.StopAsync();
        await cluster.Nodes[0].WaitForOutputAsync("serving local clients only");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(health)).StatusCode);
        await clients.ContinueAsync();
        var local = await clients.ReadAsync("local", TimeSpan.FromSeconds(10));
        Assert.Equal(3, local.GetProperty("sum").GetInt32());
        Assert.False(local.GetProperty("bGotDuring").GetBoolean());

        await cluster.Redis.RestartAsync();
        foreach (var node in cluster.Nodes)
        {
            await node.WaitForOutputAsync("republished its", times: 2, TimeSpan.FromSeconds(10));
        }

        await clients.ContinueAsync();
        var resumed = await clients.ReadAsync("resumed", TimeSpan.FromSeconds(25));
        Assert.Equal(3, resumed.GetProperty("late").GetProperty("numClients").GetInt32());
        Assert.Equal("[true,true]", resumed.GetProperty("connected").GetRawText());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(health)).StatusCode);
        Assert.All(cluster.Nodes, node => Assert.True(node.IsRunning));
    }
}
