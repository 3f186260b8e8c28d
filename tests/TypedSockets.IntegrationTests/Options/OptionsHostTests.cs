using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedSockets.Hosting;
using TypedSockets.Redis;

namespace TypedSockets.Tests.Options;

/// <summary>
/// Options from an application's configuration in a real host on 127.0.0.1: a bad value stops the start with a
/// message naming it; good values are what clients see.
/// </summary>
public sealed class OptionsHostTests
{
    private static WebApplication Build(Action<WebApplicationBuilder> configure, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings.Select(static pair => new KeyValuePair<string, string?>(pair.Key, pair.Value)));
        configure(builder);
        return builder.Build();
    }

    [Fact]
    public async Task A_host_with_an_invalid_value_fails_to_start_naming_the_option()
    {
        await using var app = Build(
            builder => builder.Services.AddTypedSockets(builder.Configuration.GetSection(TypedSocketsOptions.SectionName)),
            ("TypedSockets:EngineIO:PingInterval", "00:00:00"));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal("TypedSockets:EngineIO:PingInterval must be greater than zero", failure.Message);
        Assert.Empty(app.Urls);
    }

    [Fact]
    public async Task A_host_with_an_invalid_origin_fails_before_it_serves()
    {
        // MapSocketIO builds the Engine.IO server from the options, so the failure surfaces while the app is set up.
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = Build(
                builder => builder.Services.AddTypedSockets(builder.Configuration.GetSection(TypedSocketsOptions.SectionName)),
                ("TypedSockets:EngineIO:AllowedOrigins:0", "https://app.example/chat"));
            app.MapSocketIO();
            await app.StartAsync();
        });

        Assert.Equal("TypedSockets:EngineIO:AllowedOrigins:0 ('https://app.example/chat') must be \"*\" or an origin scheme://host[:port] without a path", failure.Message);
    }

    [Fact]
    public async Task A_host_with_an_invalid_Redis_value_fails_to_start_without_contacting_Redis()
    {
        await using var app = Build(
            builder => builder.Services.AddTypedSockets().AddRedis(builder.Configuration.GetSection(RedisBackplaneOptions.SectionName)),
            ("TypedSockets:Redis:Configuration", "127.0.0.1:1"),
            ("TypedSockets:Redis:HeartbeatInterval", "00:00:30"));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal("TypedSockets:Redis:NodeTimeout must be greater than TypedSockets:Redis:HeartbeatInterval", failure.Message);
    }

    [Fact]
    public async Task Options_from_configuration_are_served()
    {
        await using var app = Build(
            builder => builder.Services.AddTypedSockets(builder.Configuration.GetSection(TypedSocketsOptions.SectionName)),
            ("TypedSockets:EngineIO:PingInterval", "00:00:01.234"),
            ("TypedSockets:EngineIO:PingTimeout", "00:00:04.321"),
            ("TypedSockets:EngineIO:MaxPayload", "50000"),
            ("TypedSockets:EngineIO:AllowedOrigins:0", "https://app.example"));
        app.MapSocketIO();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };

        using var allowed = new HttpRequestMessage(HttpMethod.Get, "socket.io/?EIO=4&transport=polling") { Headers = { { "Origin", "https://app.example" } } };
        using var open = await client.SendAsync(allowed);
        using var refused = new HttpRequestMessage(HttpMethod.Get, "socket.io/?EIO=4&transport=polling") { Headers = { { "Origin", "https://elsewhere.example" } } };
        using var forbidden = await client.SendAsync(refused);

        var body = await open.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Contains("\"pingInterval\":1234", body, StringComparison.Ordinal);
        Assert.Contains("\"pingTimeout\":4321", body, StringComparison.Ordinal);
        Assert.Contains("\"maxPayload\":50000", body, StringComparison.Ordinal);
        Assert.Equal("https://app.example", Assert.Single(open.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        await app.StopAsync();
    }
}
