using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.Hosting;

/// <summary>
/// An application that caches every GET it can (an output-cache base policy) keeps doing so for its ordinary
/// endpoints, while the Socket.IO endpoint answers each handshake and each poll itself: a cached handshake would give
/// the next client the same session, and a cached poll would deliver old packets again. The requests carry no
/// cache-busting parameter, as clients other than browsers send them.
/// </summary>
public sealed class OutputCacheTests
{
    [Fact]
    public async Task Handshakes_and_polls_are_never_answered_from_the_output_cache()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddTypedSockets();
        builder.Services.AddOutputCache(options => options.AddBasePolicy(policy => policy.Cache()));
        await using var app = builder.Build();
        app.UseOutputCache();
        var calls = 0;
        app.MapGet("/counter", () => Interlocked.Increment(ref calls).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var io = app.MapSocketIO();
        io.Of("/");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/"), Timeout = TimeSpan.FromSeconds(10) };

        // The control: the base policy caches an ordinary GET.
        Assert.Equal("1", await client.GetStringAsync("counter"));
        Assert.Equal("1", await client.GetStringAsync("counter"));

        var first = EngineOpenPacket.SidOf(await client.GetStringAsync("socket.io/?EIO=4&transport=polling"));
        var second = EngineOpenPacket.SidOf(await client.GetStringAsync("socket.io/?EIO=4&transport=polling"));
        Assert.NotEqual(first, second);

        var poll = $"socket.io/?EIO=4&transport=polling&sid={first}";
        using (await client.PostAsync(poll, new StringContent("40")))
        {
        }

        Assert.StartsWith("40{\"sid\":", await client.GetStringAsync(poll), StringComparison.Ordinal);
        io.Of("/").Emit("news", "\"fresh\""u8);
        Assert.Equal("42[\"news\",\"fresh\"]", await client.GetStringAsync(poll));
    }
}
