using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TypedSockets.Client;
using TypedSockets.Hosting;
using TypedSockets.Hubs;
using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;
using TypedSockets.Testing;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.Hubs.Contract;

/// <summary>
/// Contracts that compile must run as declared, over real sockets on 127.0.0.1: the generated typed client and a
/// plain Socket.IO client (which, like socket.io clients, may leave out trailing arguments or misspell an event).
/// </summary>
public sealed class ContractRuntimeTests
{
    private static SocketIOClientOptions ClientOptions() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AckTimeout = TimeSpan.FromSeconds(5),
        Reconnection = false,
    };

    [Fact]
    public async Task Explicit_implementations_contract_event_names_nullable_results_and_disposable_hubs_are_served()
    {
        await using var server = await ContractServer.StartAsync();
        await using var client = await ContractClient.ConnectAsync(server.BaseUri, new NoticeReceiver(), ClientOptions());

        Assert.Equal("echo:hi", await client.Hub.Echo("hi"));
        Assert.Equal(5, await client.Hub.Publish("hello"));
        Assert.Equal("some", await client.Hub.Maybe(true));
        Assert.Null(await client.Hub.Maybe(false));
        Assert.Equal("hi hi bob", await client.Hub.Greet("bob", "hi", 2));
        Assert.Null(await client.Hub.Twice(null));
        Assert.Equal(4, await client.Hub.Twice(2));
        Assert.Equal(-1, await client.Hub.Twice(2, Guid.NewGuid()));
    }

    [Fact]
    public async Task Trailing_arguments_left_out_take_their_default_values()
    {
        await using var server = await ContractServer.StartAsync();
        await using var raw = await ConnectRawAsync(server);

        Assert.Equal("hello bob", ReadString(await raw.EmitWithAckAsync("greet", "bob", static (w, name) => w.Json.WriteStringValue(name))));
        Assert.Equal("hi bob", ReadString(await raw.EmitWithAckAsync("greet", 0, static (w, _) =>
        {
            w.Json.WriteStringValue("bob");
            w.Json.WriteStringValue("hi");
        })));
        var tooFew = await raw.EmitWithAckAsync("greet", 0, static (_, _) => { });
        Assert.Contains("expected 1 to 3 argument(s), got 0", Assert.Throws<HubException>(() => HubArguments.ThrowIfError(tooFew)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_event_gets_an_error_ack_naming_it_and_one_log_line_per_interval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ContractServer.StartAsync(time: time);
        await using var raw = await ConnectRawAsync(server);

        var ack = await raw.EmitWithAckAsync("Greet", "bob", static (w, name) => w.Json.WriteStringValue(name));
        var error = Assert.Throws<HubException>(() => HubArguments.ThrowIfError(ack));
        Assert.Equal("Unknown event 'Greet': the hub has no method for it (event names are case-sensitive; did you mean 'greet'?).", error.Message);
        var other = await raw.EmitWithAckAsync("nope", 0, static (_, _) => { });
        Assert.Equal("Unknown event 'nope': the hub has no method for it.", Assert.Throws<HubException>(() => HubArguments.ThrowIfError(other)).Message);
        await raw.EmitAsync("nope", 0, static (_, _) => { });
        Assert.Equal("hello ann", ReadString(await raw.EmitWithAckAsync("greet", "ann", static (w, name) => w.Json.WriteStringValue(name))));

        var lines = UnknownEventLines(server);
        var line = Assert.Single(lines);
        Assert.Contains("Event Greet from connection", line, StringComparison.Ordinal);
        Assert.Contains("closest hub event: greet", line, StringComparison.Ordinal);

        time.Advance(UnknownEventReporterInterval + TimeSpan.FromSeconds(1));
        await raw.EmitAsync("later", 0, static (_, _) => { });
        await Poll.UntilAsync(() => UnknownEventLines(server).Count == 2, "the next unknown event logged after the interval");
        Assert.Contains("Event later from connection", UnknownEventLines(server)[1], StringComparison.Ordinal);
        Assert.Contains("2 more unknown events were not logged since the last line", UnknownEventLines(server)[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_of_the_socket_still_gets_events_the_hub_does_not_declare()
    {
        await using var server = await ContractServer.StartAsync();
        await using var raw = await ConnectRawAsync(server);

        Assert.Equal("handled", ReadString(await raw.EmitWithAckAsync("custom", 0, static (_, _) => { })));
        Assert.Empty(UnknownEventLines(server));
    }

    [Fact]
    public async Task Unknown_event_acks_and_logs_can_each_be_turned_off()
    {
        await using var server = await ContractServer.StartAsync(options => options.Hubs.AckUnknownEvents = false);
        await using var raw = await ConnectRawAsync(server);

        var pending = raw.EmitWithAckAsync("Greet", "bob", static (w, name) => w.Json.WriteStringValue(name));
        await Quiet.AssertNothingArrivesWithin(pending, "an ack of an unknown event with AckUnknownEvents off", TimeSpan.FromMilliseconds(300));
        await Poll.UntilAsync(() => UnknownEventLines(server).Count == 1, "the log line, still on");

        await using var quiet = await ContractServer.StartAsync(options => options.Hubs.LogUnknownEvents = false);
        await using var second = await ConnectRawAsync(quiet);
        Assert.Throws<HubException>(() => HubArguments.ThrowIfError(second.EmitWithAckAsync("Greet", "bob", static (w, name) => w.Json.WriteStringValue(name)).GetAwaiter().GetResult()));
        Assert.Equal("hello bob", ReadString(await second.EmitWithAckAsync("greet", "bob", static (w, name) => w.Json.WriteStringValue(name))));
        Assert.Empty(UnknownEventLines(quiet));
    }

    [Fact]
    public async Task A_type_missing_from_the_json_context_fails_only_the_events_that_use_it()
    {
        await using var server = await ContractServer.StartAsync();
        await using var raw = await ConnectRawAsync(server, "/partial-json");

        for (var round = 0; round < 2; round++)
        {
            var bad = await raw.EmitWithAckAsync("bad", 0, static (w, _) => w.WriteJson("""{"text":"x"}"""u8));
            Assert.Equal("An error occurred while handling 'bad'.", Assert.Throws<HubException>(() => HubArguments.ThrowIfError(bad)).Message);
            var good = await raw.EmitWithAckAsync("good", 0, static (w, _) => w.WriteJson("""{"text":"x"}"""u8));
            HubArguments.ThrowIfError(good);
            Assert.Equal("""{"text":"x!"}""", System.Text.Encoding.UTF8.GetString(good[0].Span));
        }

        Assert.Contains(server.Logs.Lines, static l => l.EventId == 4002 && l.Message.Contains("bad", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MapHubAtEngineIOPath_serves_the_hub_on_another_engine_endpoint_too()
    {
        await using var server = await ContractServer.StartAsync();
        var options = ClientOptions();
        options.Path = "/elsewhere/";
        await using var client = new SocketIOClient(server.BaseUri, "/contract", options, static _ => ValueTask.CompletedTask);
        await client.ConnectAsync();

        Assert.Equal("hello moved", ReadString(await client.EmitWithAckAsync("greet", "moved", static (w, name) => w.Json.WriteStringValue(name))));
    }

    private static readonly TimeSpan UnknownEventReporterInterval = TimeSpan.FromSeconds(10);

    private static List<string> UnknownEventLines(ContractServer server) =>
        server.Logs.Lines.Where(static l => l.EventId == 4005).Select(static l => l.Message).ToList();

    private static string ReadString(EventArguments ack)
    {
        HubArguments.ThrowIfError(ack);
        return HubArguments.ReadString(ack, 0);
    }

    private static async Task<SocketIOClient> ConnectRawAsync(ContractServer server, string socketNamespace = "/contract")
    {
        var client = new SocketIOClient(server.BaseUri, socketNamespace, ClientOptions(), static _ => ValueTask.CompletedTask);
        await client.ConnectAsync();
        return client;
    }

    private sealed class ContractServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private ContractServer(WebApplication app, ListLoggerProvider logs)
        {
            _app = app;
            Logs = logs;
            BaseUri = new Uri(app.Urls.First() + "/");
        }

        public Uri BaseUri { get; }

        public ListLoggerProvider Logs { get; }

        public static async Task<ContractServer> StartAsync(Action<TypedSocketsOptions>? configure = null, TimeProvider? time = null)
        {
            var logs = new ListLoggerProvider();
            var builder = LoopbackApplication.CreateBuilder(logs);
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }

            builder.Services.AddTypedSockets(configure);
            var app = builder.Build();
            app.MapHub<ContractHub>();
            app.MapHub<PartialJsonHub>();
            app.MapHubAtEngineIOPath<ContractHub>("/elsewhere/");
            await app.StartAsync();
            return new ContractServer(app, logs);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
