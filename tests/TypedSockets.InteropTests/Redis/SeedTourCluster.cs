using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.Redis;

/// <summary>A redis-server of the test's own and SeedTour processes joined through it with <c>--redis</c>.</summary>
internal sealed class SeedTourCluster : IAsyncDisposable
{
    /// <summary>The node timeout the nodes run with: a killed node leaves the counts within it.</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(2);

    private SeedTourCluster(RedisServerProcess redis, SampleProcess[] nodes)
    {
        Redis = redis;
        Nodes = nodes;
    }

    public RedisServerProcess Redis { get; }

    public SampleProcess[] Nodes { get; }

    public string[] Urls => Array.ConvertAll(Nodes, n => n.BaseUrl);

    public static async Task<SeedTourCluster> StartAsync(int nodes, params string[] arguments)
    {
        var redis = await RedisServerProcess.StartAsync();
        var started = new SampleProcess[nodes];
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                started[i] = await SampleProcess.StartAsync("SeedTour", ["--redis", redis.Configuration, "--RedisNodeTimeout", NodeTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture), .. arguments]);
            }

            foreach (var node in started)
            {
                await node.WaitForOutputAsync("Redis backplane node");
            }
        }
        catch
        {
            foreach (var node in started)
            {
                if (node is not null)
                {
                    await node.DisposeAsync();
                }
            }

            await redis.DisposeAsync();
            throw;
        }

        return new SeedTourCluster(redis, started);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}
