using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using TypedSockets.EngineIO;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    [Fact]
    public async Task MapEngineIO_serves_the_configured_path_only()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        var handler = new RecordingEngineHandler();
        app.MapEngineIO("/engine.io/", handler, options => options.PingInterval = TimeSpan.FromMilliseconds(1234));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };

        var open = await client.GetStringAsync("engine.io/?EIO=4&transport=polling");
        using var elsewhere = await client.GetAsync("socket.io/?EIO=4&transport=polling");

        Assert.Contains("\"pingInterval\":1234", open, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        var sid = Assert.Single(handler.Sessions.Keys);
        using (var post = await client.PostAsync($"engine.io/?EIO=4&transport=polling&sid={sid}", new StringContent("4ping me")))
        {
            Assert.Equal("ok", await post.Content.ReadAsStringAsync());
        }

        Assert.Equal("4ping me", await client.GetStringAsync($"engine.io/?EIO=4&transport=polling&sid={sid}"));
        await app.StopAsync();
        Assert.Equal("server shutting down", await handler.Get(sid).WaitClosedAsync());
    }
}
