using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.Client;
using TypedSockets.EngineIO;
using TypedSockets.Redis;
using TypedSockets.SocketIO;
using TypedSockets.Tests.EngineIO;
using TypedSockets.WebSockets;
using static TypedSockets.Tests.Options.OptionsServices;

namespace TypedSockets.Tests.Options;

/// <summary>
/// Each rule of the options validators, fed through configuration as an application would write it: the failure
/// names the option by its configuration path. Constructors used without dependency injection apply the same rules.
/// </summary>
public sealed class OptionsValidatorTests
{
    public static TheoryData<string, string, string> InvalidValues => new()
    {
        { "WebSockets:KeepAliveInterval", "-00:00:01", "TypedSockets:WebSockets:KeepAliveInterval must not be negative (zero turns it off)" },
        { "WebSockets:KeepAliveInterval", "60.00:00:00", "TypedSockets:WebSockets:KeepAliveInterval must be at most 49.17:02:47.2940000" },
        { "WebSockets:KeepAliveTimeout", "00:00:00", "TypedSockets:WebSockets:KeepAliveTimeout must be greater than zero" },
        { "WebSockets:CloseTimeout", "00:00:00", "TypedSockets:WebSockets:CloseTimeout must be greater than zero" },
        { "EngineIO:PingInterval", "00:00:00", "TypedSockets:EngineIO:PingInterval must be greater than zero" },
        { "EngineIO:PingInterval", "60.00:00:00", "TypedSockets:EngineIO:PingInterval must be at most 49.17:02:47.2940000" },
        { "EngineIO:PingTimeout", "-00:00:05", "TypedSockets:EngineIO:PingTimeout must be greater than zero" },
        { "EngineIO:UpgradeTimeout", "00:00:00", "TypedSockets:EngineIO:UpgradeTimeout must be greater than zero" },
        { "EngineIO:MaxPayload", "0", "TypedSockets:EngineIO:MaxPayload must be greater than zero" },
        { "EngineIO:MaxOutboundBytes", "-1", "TypedSockets:EngineIO:MaxOutboundBytes must be greater than zero" },
        { "EngineIO:Transports", "0", "TypedSockets:EngineIO:Transports must enable at least one transport (Polling, WebSocket)" },
        { "EngineIO:Transports", "7", "TypedSockets:EngineIO:Transports (7) names a transport that does not exist" },
        { "EngineIO:AllowedOrigins:0", "https://app.example/chat", "TypedSockets:EngineIO:AllowedOrigins:0 ('https://app.example/chat') must be \"*\" or an origin scheme://host[:port] without a path" },
        { "EngineIO:AllowedOrigins:0", "app.example", "TypedSockets:EngineIO:AllowedOrigins:0 ('app.example') must be \"*\" or an origin scheme://host[:port] without a path" },
        { "EngineIO:AllowedOrigins:0", "https://app.example?x=1", "TypedSockets:EngineIO:AllowedOrigins:0 ('https://app.example?x=1') must be \"*\" or an origin scheme://host[:port] without a path" },
        { "EngineIO:AllowedOrigins:0", "https://app.example//", "TypedSockets:EngineIO:AllowedOrigins:0 ('https://app.example//') must be \"*\" or an origin scheme://host[:port] without a path" },
        { "EngineIO:AllowedOrigins:0", "https://app.example#top", "TypedSockets:EngineIO:AllowedOrigins:0 ('https://app.example#top') must be \"*\" or an origin scheme://host[:port] without a path" },
        { "EngineIO:AllowedOrigins:0", "", "TypedSockets:EngineIO:AllowedOrigins:0 ('') must be \"*\" or an origin scheme://host[:port] without a path" },
        { "EngineIO:AllowedOrigins:0", "https://user@app.example", "TypedSockets:EngineIO:AllowedOrigins:0 ('https://user@app.example') must be \"*\" or an origin scheme://host[:port] without a path" },
        { "SocketIO:ConnectTimeout", "00:00:00", "TypedSockets:SocketIO:ConnectTimeout must be greater than zero" },
        { "SocketIO:MaxAttachments", "-1", "TypedSockets:SocketIO:MaxAttachments must not be negative" },
        { "SocketIO:MaxBinaryPacketBytes", "0", "TypedSockets:SocketIO:MaxBinaryPacketBytes must be greater than zero" },
        { "SocketIO:MaxEventNameLength", "0", "TypedSockets:SocketIO:MaxEventNameLength must be greater than zero" },
        { "SocketIO:MaxJsonDepth", "0", "TypedSockets:SocketIO:MaxJsonDepth must be between 1 and 1000" },
        { "SocketIO:MaxJsonDepth", "1001", "TypedSockets:SocketIO:MaxJsonDepth must be between 1 and 1000" },
        { "SocketIO:MaxRoomsPerSocket", "-1", "TypedSockets:SocketIO:MaxRoomsPerSocket must not be negative" },
        { "EngineIO:MaxConnectionsPerAddress", "-1", "TypedSockets:EngineIO:MaxConnectionsPerAddress must not be negative" },
        { "EngineIO:NewConnectionWindow", "00:00:00", "TypedSockets:EngineIO:NewConnectionWindow must be greater than zero" },
        { "EngineIO:DrainTimeout", "00:00:00", "TypedSockets:EngineIO:DrainTimeout must be greater than zero" },
        { "SocketIO:MaxPendingEvents", "0", "TypedSockets:SocketIO:MaxPendingEvents must be greater than zero" },
        { "Hubs:ClientResultTimeout", "00:00:00", "TypedSockets:Hubs:ClientResultTimeout must be greater than zero" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void An_invalid_value_is_named_by_its_path(string key, string value, string failure)
    {
        var configuration = Configuration(("TypedSockets:" + key, value));

        Assert.Equal([failure], Failures(() => Resolve(configuration)));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://app.example")]
    [InlineData("https://app.example/")]
    [InlineData("http://localhost:3000")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://[::1]:8080")]
    [InlineData("capacitor://localhost")]
    public void Well_formed_origins_are_accepted(string origin)
    {
        var options = Resolve(Configuration(("TypedSockets:EngineIO:AllowedOrigins:0", origin)));

        Assert.Equal([origin], options.EngineIO.AllowedOrigins);
    }

    [Fact]
    public void Every_invalid_value_is_reported_at_once()
    {
        var configuration = Configuration(
            ("TypedSockets:EngineIO:PingInterval", "00:00:00"),
            ("TypedSockets:SocketIO:MaxPendingEvents", "0"));

        Assert.Equal(
            ["TypedSockets:EngineIO:PingInterval must be greater than zero", "TypedSockets:SocketIO:MaxPendingEvents must be greater than zero"],
            Failures(() => Resolve(configuration)));
    }

    [Fact]
    public void Values_set_in_code_are_validated_too()
    {
        Assert.Equal(
            [
                "TypedSockets:WebSockets:MaxMessageSize must be greater than zero",
                "TypedSockets:WebSockets:TimeProvider must be set",
                "TypedSockets:WebSockets:SubProtocols:0 ('chat room') must be an HTTP token",
                "TypedSockets:Hubs:ClientResultTimeout must be greater than zero",
            ],
            Failures(() => Resolve(Configuration(), options =>
            {
                options.WebSockets.MaxMessageSize = 0;
                options.WebSockets.TimeProvider = null!;
                options.WebSockets.SubProtocols.Add("chat room");
                options.Hubs.ClientResultTimeout = Timeout.InfiniteTimeSpan;
            })));
    }

    [Fact]
    public void The_path_is_the_bound_sections()
    {
        var configuration = Configuration(("Realtime:EngineIO:PingTimeout", "00:00:00"));

        Assert.Equal(["Realtime:EngineIO:PingTimeout must be greater than zero"], Failures(() => Resolve(configuration, section: "Realtime")));
    }

    public static TheoryData<string, string, string> InvalidRedisValues => new()
    {
        { "Configuration", "", "TypedSockets:Redis:Configuration must be set (for example 127.0.0.1:6379)" },
        { "Prefix", "my app", "TypedSockets:Redis:Prefix must not be empty or contain whitespace" },
        { "Prefix", "", "TypedSockets:Redis:Prefix must not be empty or contain whitespace" },
        { "HeartbeatInterval", "00:00:00", "TypedSockets:Redis:HeartbeatInterval must be greater than zero" },
        { "NodeTimeout", "30.00:00:00", "TypedSockets:Redis:NodeTimeout must be at most 24.20:31:23.6470000" },
        { "NodeTimeout", "00:00:05", "TypedSockets:Redis:NodeTimeout must be greater than TypedSockets:Redis:HeartbeatInterval" },
        { "OperationTimeout", "00:00:00", "TypedSockets:Redis:OperationTimeout must be greater than zero" },
        { "OperationTimeout", "30.00:00:00", "TypedSockets:Redis:OperationTimeout must be at most 24.20:31:23.6470000" },
        { "ReconnectInterval", "-00:00:01", "TypedSockets:Redis:ReconnectInterval must be greater than zero" },
    };

    [Theory]
    [MemberData(nameof(InvalidRedisValues))]
    public void An_invalid_Redis_value_is_named_by_its_path(string key, string value, string failure)
    {
        var configuration = Configuration(("TypedSockets:Redis:" + key, value));

        Assert.Equal([failure], Failures(() => ResolveRedis(configuration)));
    }

    [Fact]
    public void A_Redis_configuration_string_StackExchange_refuses_is_reported()
    {
        var configuration = Configuration(("TypedSockets:Redis:Configuration", "127.0.0.1:6379,noSuchKeyword=1"));

        var failure = Assert.Single(Failures(() => ResolveRedis(configuration)));
        Assert.StartsWith("TypedSockets:Redis:Configuration is not a valid StackExchange.Redis configuration string: ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void EngineServer_refuses_invalid_options_with_the_same_rules()
    {
        var options = new EngineOptions { PingInterval = TimeSpan.Zero };
        options.AllowedOrigins.Add("app.example");

        var failure = Assert.Throws<ArgumentException>(() => new EngineServer(options, new RecordingEngineHandler(), NullLoggerFactory.Instance, TimeProvider.System));

        Assert.Equal("options", failure.ParamName);
        Assert.StartsWith(
            "EngineOptions:PingInterval must be greater than zero; EngineOptions:AllowedOrigins:0 ('app.example') must be",
            failure.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void EngineServer_refuses_invalid_WebSocket_options()
    {
        var webSockets = new WebSocketServerOptions { CloseTimeout = TimeSpan.Zero };

        var failure = Assert.Throws<ArgumentException>(() => new EngineServer(new EngineOptions(), webSockets, new RecordingEngineHandler(), NullLoggerFactory.Instance, TimeProvider.System));

        Assert.Equal("webSocketOptions", failure.ParamName);
        Assert.StartsWith("WebSocketServerOptions:CloseTimeout must be greater than zero", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SocketIOServer_refuses_invalid_options()
    {
        var failure = Assert.Throws<ArgumentException>(() => new SocketIOServer(new SocketIOOptions { MaxPendingEvents = 0 }, NullLoggerFactory.Instance, TimeProvider.System));

        Assert.StartsWith("SocketIOOptions:MaxPendingEvents must be greater than zero", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RedisBackplane_refuses_invalid_options()
    {
        var options = new RedisBackplaneOptions { HeartbeatInterval = TimeSpan.FromSeconds(20) };

        var failure = Assert.Throws<ArgumentException>(() => new RedisBackplane(options, NullLoggerFactory.Instance, TimeProvider.System));

        Assert.StartsWith("RedisBackplaneOptions:NodeTimeout must be greater than RedisBackplaneOptions:HeartbeatInterval", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SocketIOClient_refuses_invalid_options()
    {
        var options = new SocketIOClientOptions { Path = "socket.io/", RandomizationFactor = 2 };
        options.WebSocket.ConnectTimeout = TimeSpan.Zero;

        var failure = Assert.Throws<ArgumentException>(() => new SocketIOClient(new Uri("http://127.0.0.1:1"), "/", options, static _ => ValueTask.CompletedTask));

        Assert.StartsWith(
            "SocketIOClientOptions:Path ('socket.io/') must start with '/'; SocketIOClientOptions:RandomizationFactor must be between 0 and 1; SocketIOClientOptions:WebSocket:ConnectTimeout must be greater than zero",
            failure.Message,
            StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidClientValues => new()
    {
        { nameof(SocketIOClientOptions.Path), "SocketIOClientOptions:Path ('') must start with '/'" },
        { nameof(SocketIOClientOptions.ConnectTimeout), "SocketIOClientOptions:ConnectTimeout must be greater than zero" },
        { nameof(SocketIOClientOptions.AckTimeout), "SocketIOClientOptions:AckTimeout must be greater than zero" },
        { nameof(SocketIOClientOptions.ReconnectionDelay), "SocketIOClientOptions:ReconnectionDelay must be greater than zero" },
        { nameof(SocketIOClientOptions.ReconnectionDelayMax), "SocketIOClientOptions:ReconnectionDelayMax must not be less than ReconnectionDelay" },
        { nameof(SocketIOClientOptions.RandomizationFactor), "SocketIOClientOptions:RandomizationFactor must be between 0 and 1" },
        { nameof(SocketIOClientOptions.TimeProvider), "SocketIOClientOptions:TimeProvider must be set" },
        { nameof(SocketIOClientOptions.WebSocket), "SocketIOClientOptions:WebSocket must be set" },
        { "WebSocket:SubProtocols", "SocketIOClientOptions:WebSocket:SubProtocols:0 ('chat room') must be an HTTP token" },
        { nameof(SocketIOClientOptions.Transports), "SocketIOClientOptions:Transports ('0') must be Polling, WebSocket or both" },
        { nameof(SocketIOClientOptions.Parser), "SocketIOClientOptions:Parser ('7') must be Json or MessagePack" },
        { nameof(SocketIOClientOptions.ReconnectionAttempts), "SocketIOClientOptions:ReconnectionAttempts must be greater than zero" },
        { nameof(SocketIOClientOptions.MaxBufferedEmits), "SocketIOClientOptions:MaxBufferedEmits must be greater than zero" },
        { nameof(SocketIOClientOptions.MaxBufferedBytes), "SocketIOClientOptions:MaxBufferedBytes must be greater than zero" },
        { nameof(SocketIOClientOptions.AuthJson), "SocketIOClientOptions:AuthJson must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(InvalidClientValues))]
    public void Each_client_rule_is_named_alone(string option, string failure)
    {
        var options = new SocketIOClientOptions();
        Action<SocketIOClientOptions> spoil = option switch
        {
            nameof(SocketIOClientOptions.Path) => static o => o.Path = "",
            nameof(SocketIOClientOptions.ConnectTimeout) => static o => o.ConnectTimeout = TimeSpan.Zero,
            nameof(SocketIOClientOptions.AckTimeout) => static o => o.AckTimeout = Timeout.InfiniteTimeSpan,
            nameof(SocketIOClientOptions.ReconnectionDelay) => static o => o.ReconnectionDelay = TimeSpan.Zero,
            nameof(SocketIOClientOptions.ReconnectionDelayMax) => static o => o.ReconnectionDelay = o.ReconnectionDelayMax + TimeSpan.FromSeconds(1),
            nameof(SocketIOClientOptions.RandomizationFactor) => static o => o.RandomizationFactor = double.NaN,
            nameof(SocketIOClientOptions.TimeProvider) => static o => o.TimeProvider = null!,
            nameof(SocketIOClientOptions.WebSocket) => static o => o.WebSocket = null!,
            "WebSocket:SubProtocols" => static o => o.WebSocket.SubProtocols.Add("chat room"),
            nameof(SocketIOClientOptions.Transports) => static o => o.Transports = 0,
            nameof(SocketIOClientOptions.Parser) => static o => o.Parser = (TypedSockets.SocketIO.SocketIOParser)7,
            nameof(SocketIOClientOptions.ReconnectionAttempts) => static o => o.ReconnectionAttempts = 0,
            nameof(SocketIOClientOptions.MaxBufferedEmits) => static o => o.MaxBufferedEmits = -1,
            nameof(SocketIOClientOptions.MaxBufferedBytes) => static o => o.MaxBufferedBytes = 0,
            nameof(SocketIOClientOptions.AuthJson) => static o => o.AuthJson = "[1]",
            _ => throw new ArgumentOutOfRangeException(nameof(option), option, null),
        };
        spoil(options);

        var exception = Assert.Throws<ArgumentException>(() => new SocketIOClient(new Uri("http://127.0.0.1:1"), "/", options, static _ => ValueTask.CompletedTask));

        Assert.Equal("options", exception.ParamName);
        Assert.Equal($"{failure} (Parameter 'options')", exception.Message);
    }

    [Fact]
    public async Task WebSocketClient_refuses_invalid_options_before_connecting()
    {
        var options = new WebSocketClientOptions { KeepAliveTimeout = TimeSpan.Zero };

        var failure = await Assert.ThrowsAsync<ArgumentException>(async () => await WebSocketClient.ConnectAsync(new Uri("ws://127.0.0.1:1/"), options));

        Assert.StartsWith("WebSocketClientOptions:KeepAliveTimeout must be greater than zero", failure.Message, StringComparison.Ordinal);
    }
}
