using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TypedSockets.EngineIO;
using TypedSockets.Hubs;
using static TypedSockets.Tests.Options.OptionsServices;

namespace TypedSockets.Tests.Options;

/// <summary>Options bound from configuration: every layer's section, nested values and lists, code on top.</summary>
public sealed class OptionsBindingTests
{
    [Fact]
    public void Every_section_binds_from_configuration()
    {
        var configuration = Configuration(
            ("TypedSockets:WebSockets:KeepAliveInterval", "00:00:30"),
            ("TypedSockets:WebSockets:KeepAliveTimeout", "00:00:07"),
            ("TypedSockets:WebSockets:CloseTimeout", "00:00:02"),
            ("TypedSockets:EngineIO:PingInterval", "00:00:10"),
            ("TypedSockets:EngineIO:PingTimeout", "00:00:05"),
            ("TypedSockets:EngineIO:UpgradeTimeout", "00:00:03"),
            ("TypedSockets:EngineIO:MaxPayload", "2048"),
            ("TypedSockets:EngineIO:MaxOutboundBytes", "65536"),
            ("TypedSockets:EngineIO:Transports", "WebSocket"),
            ("TypedSockets:EngineIO:AllowedOrigins:0", "https://app.example"),
            ("TypedSockets:EngineIO:AllowedOrigins:1", "http://localhost:3000"),
            ("TypedSockets:EngineIO:AllowCredentials", "true"),
            ("TypedSockets:SocketIO:ConnectTimeout", "00:00:12"),
            ("TypedSockets:SocketIO:MaxAttachments", "3"),
            ("TypedSockets:SocketIO:MaxPendingEvents", "16"),
            ("TypedSockets:SocketIO:Parser", "MessagePack"),
            ("TypedSockets:Hubs:ClientResultTimeout", "00:00:09"),
            ("TypedSockets:Hubs:DetailedErrors", "true"));

        var options = Resolve(configuration);

        Assert.Equal(TimeSpan.FromSeconds(30), options.WebSockets.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(7), options.WebSockets.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.WebSockets.CloseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.EngineIO.PingInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.EngineIO.PingTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), options.EngineIO.UpgradeTimeout);
        Assert.Equal(2048, options.EngineIO.MaxPayload);
        Assert.Equal(65536, options.EngineIO.MaxOutboundBytes);
        Assert.Equal(EngineTransports.WebSocket, options.EngineIO.Transports);
        Assert.Equal(["https://app.example", "http://localhost:3000"], options.EngineIO.AllowedOrigins);
        Assert.True(options.EngineIO.AllowCredentials);
        Assert.Equal(TimeSpan.FromSeconds(12), options.SocketIO.ConnectTimeout);
        Assert.Equal(3, options.SocketIO.MaxAttachments);
        Assert.Equal(16, options.SocketIO.MaxPendingEvents);
        Assert.Equal(TypedSockets.SocketIO.SocketIOParser.MessagePack, options.SocketIO.Parser);
        Assert.Equal(TimeSpan.FromSeconds(9), options.Hubs.ClientResultTimeout);
        Assert.True(options.Hubs.DetailedErrors);
    }

    [Fact]
    public void The_limits_bind_from_configuration_and_admission_is_off_by_default()
    {
        var defaults = Resolve(Configuration(("TypedSockets:EngineIO:PingInterval", "00:00:10")));
        Assert.Equal((0, 0), (defaults.EngineIO.MaxConnectionsPerAddress, defaults.EngineIO.MaxNewConnectionsPerAddress));

        var options = Resolve(Configuration(
            ("TypedSockets:EngineIO:MaxConnectionsPerAddress", "20"),
            ("TypedSockets:EngineIO:MaxNewConnectionsPerAddress", "5"),
            ("TypedSockets:EngineIO:NewConnectionWindow", "00:00:30"),
            ("TypedSockets:EngineIO:DrainTimeout", "00:00:02"),
            ("TypedSockets:SocketIO:MaxBinaryPacketBytes", "2000000"),
            ("TypedSockets:SocketIO:MaxEventNameLength", "64"),
            ("TypedSockets:SocketIO:MaxJsonDepth", "128"),
            ("TypedSockets:SocketIO:MaxRoomsPerSocket", "50")));

        Assert.Equal(20, options.EngineIO.MaxConnectionsPerAddress);
        Assert.Equal(5, options.EngineIO.MaxNewConnectionsPerAddress);
        Assert.Equal(TimeSpan.FromSeconds(30), options.EngineIO.NewConnectionWindow);
        Assert.Equal(TimeSpan.FromSeconds(2), options.EngineIO.DrainTimeout);
        Assert.Equal(2_000_000, options.SocketIO.MaxBinaryPacketBytes);
        Assert.Equal(64, options.SocketIO.MaxEventNameLength);
        Assert.Equal(128, options.SocketIO.MaxJsonDepth);
        Assert.Equal(50, options.SocketIO.MaxRoomsPerSocket);
    }

    [Fact]
    public void Keys_left_out_keep_their_defaults()
    {
        var options = Resolve(Configuration(("TypedSockets:EngineIO:PingInterval", "00:00:10")));
        var defaults = new TypedSockets.Hosting.TypedSocketsOptions();

        Assert.Equal(TimeSpan.FromSeconds(10), options.EngineIO.PingInterval);
        Assert.Equal(defaults.EngineIO.PingTimeout, options.EngineIO.PingTimeout);
        Assert.Equal(defaults.EngineIO.MaxPayload, options.EngineIO.MaxPayload);
        Assert.Equal(EngineTransports.All, options.EngineIO.Transports);
        Assert.Empty(options.EngineIO.AllowedOrigins);
        Assert.Equal(defaults.WebSockets.CloseTimeout, options.WebSockets.CloseTimeout);
        Assert.Equal(TimeSpan.Zero, options.WebSockets.KeepAliveInterval);
        Assert.Equal(defaults.SocketIO.ConnectTimeout, options.SocketIO.ConnectTimeout);
        Assert.Equal(defaults.Hubs.ClientResultTimeout, options.Hubs.ClientResultTimeout);
    }

    [Fact]
    public void Transports_bind_as_a_list_of_flags()
    {
        var options = Resolve(Configuration(("TypedSockets:EngineIO:Transports", "Polling, WebSocket")));

        Assert.Equal(EngineTransports.All, options.EngineIO.Transports);
    }

    [Fact]
    public void Code_runs_after_configuration_and_origins_from_both_are_kept()
    {
        var configuration = Configuration(
            ("TypedSockets:EngineIO:PingInterval", "00:00:10"),
            ("TypedSockets:EngineIO:AllowedOrigins:0", "https://from-configuration.example"));

        var options = Resolve(configuration, options =>
        {
            options.EngineIO.PingInterval = TimeSpan.FromSeconds(3);
            options.EngineIO.AllowedOrigins.Add("https://from-code.example");
        });

        Assert.Equal(TimeSpan.FromSeconds(3), options.EngineIO.PingInterval);
        Assert.Equal(["https://from-configuration.example", "https://from-code.example"], options.EngineIO.AllowedOrigins);
    }

    [Fact]
    public void Any_section_name_binds()
    {
        var options = Resolve(Configuration(("Realtime:SocketIO:MaxPendingEvents", "7")), section: "Realtime");

        Assert.Equal(7, options.SocketIO.MaxPendingEvents);
    }

    [Fact]
    public void A_configuration_root_binds_and_failures_name_the_bare_keys()
    {
        var services = new ServiceCollection();
        services.AddTypedSockets(Configuration(("EngineIO:PingInterval", "00:00:11"), ("SocketIO:MaxPendingEvents", "0")));
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TypedSockets.Hosting.TypedSocketsOptions>>().Value);

        Assert.Equal(["SocketIO:MaxPendingEvents must be greater than zero"], failure.Failures);
    }

    [Fact]
    public void Keys_only_MapWebSocket_endpoints_use_are_not_bound()
    {
        var options = Resolve(Configuration(
            ("TypedSockets:WebSockets:MaxMessageSize", "10"),
            ("TypedSockets:WebSockets:SubProtocols:0", "chat")));
        var defaults = new TypedSockets.WebSockets.WebSocketServerOptions();

        Assert.Equal(defaults.MaxMessageSize, options.WebSockets.MaxMessageSize);
        Assert.Empty(options.WebSockets.SubProtocols);
    }

    [Fact]
    public void A_configuration_reload_is_seen_by_the_options_monitor()
    {
        var configuration = (IConfigurationRoot)Configuration(("TypedSockets:EngineIO:PingInterval", "00:00:10"));
        using var provider = Provider(configuration);
        var monitor = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<TypedSockets.Hosting.TypedSocketsOptions>>();
        Assert.Equal(TimeSpan.FromSeconds(10), monitor.CurrentValue.EngineIO.PingInterval);

        configuration["TypedSockets:EngineIO:PingInterval"] = "00:00:04";
        configuration.Reload();

        Assert.Equal(TimeSpan.FromSeconds(4), monitor.CurrentValue.EngineIO.PingInterval);
    }

    [Fact]
    public void Hubs_get_the_roots_hub_options()
    {
        using var provider = Provider(Configuration(("TypedSockets:Hubs:ClientResultTimeout", "00:00:04")));

        var hubs = provider.GetRequiredService<HubOptions>();

        Assert.Equal(TimeSpan.FromSeconds(4), hubs.ClientResultTimeout);
        Assert.Same(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TypedSockets.Hosting.TypedSocketsOptions>>().Value.Hubs, hubs);
    }

    [Fact]
    public void Code_only_configuration_still_works()
    {
        var services = new ServiceCollection();
        services.AddTypedSockets(options => options.EngineIO.AllowedOrigins.Add("https://app.example"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TypedSockets.Hosting.TypedSocketsOptions>>().Value;

        Assert.Equal(["https://app.example"], options.EngineIO.AllowedOrigins);
    }

    [Fact]
    public void The_WebSocket_settings_reach_Engine_IOs_WebSocket_transport()
    {
        var options = Resolve(Configuration(
            ("TypedSockets:WebSockets:CloseTimeout", "00:00:02"),
            ("TypedSockets:WebSockets:KeepAliveInterval", "00:00:30"),
            ("TypedSockets:EngineIO:MaxPayload", "5000")));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();

        using var server = new EngineServer(options.EngineIO, options.WebSockets, new TypedSockets.Tests.EngineIO.RecordingEngineHandler(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, clock);

        Assert.Equal(TimeSpan.FromSeconds(2), server.WebSocketOptions.CloseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), server.WebSocketOptions.KeepAliveInterval);
        Assert.Equal(5000, server.WebSocketOptions.MaxMessageSize);
        Assert.Same(clock, server.WebSocketOptions.TimeProvider);
    }

    [Fact]
    public void AddRedis_with_a_connection_string_sets_Configuration_and_code_runs_after_it()
    {
        var services = new ServiceCollection();
        services.AddTypedSockets().AddRedis("redis.internal:6380", options => options.Prefix = "chat");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TypedSockets.Redis.RedisBackplaneOptions>>().Value;

        Assert.Equal("redis.internal:6380", options.Configuration);
        Assert.Equal("chat", options.Prefix);
    }

    [Fact]
    public void Redis_options_bind_from_their_own_section()
    {
        var configuration = Configuration(
            ("TypedSockets:Redis:Configuration", "redis.internal:6380"),
            ("TypedSockets:Redis:Prefix", "chat"),
            ("TypedSockets:Redis:HeartbeatInterval", "00:00:02"),
            ("TypedSockets:Redis:NodeTimeout", "00:00:08"),
            ("TypedSockets:Redis:OperationTimeout", "00:00:01"),
            ("TypedSockets:Redis:ReconnectInterval", "00:00:00.500"));

        var options = ResolveRedis(configuration);

        Assert.Equal("redis.internal:6380", options.Configuration);
        Assert.Equal("chat", options.Prefix);
        Assert.Equal(TimeSpan.FromSeconds(2), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(8), options.NodeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.OperationTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.ReconnectInterval);
    }
}
