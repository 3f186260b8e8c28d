using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TypedSockets.AdminUI;
using TypedSockets.Client;
using TypedSockets.SocketIO;
using TypedSockets.Testing;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.AdminUI;

/// <summary>
/// The admin namespace in process, with the typed C# client as the dashboard and as a user, and a fake clock for the
/// periodic <c>server_stats</c> (the page itself runs in the interop tests).
/// </summary>
public sealed class AdminUIServerTests
{
    [Fact]
    public async Task Server_stats_go_out_at_once_then_each_interval_of_the_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartAsync(time);
        var dashboard = new Recorder();
        await using var admin = await dashboard.ConnectAsync(app, "/admin", """{"username":"ops","password":"secret"}""");

        await Poll.UntilAsync(() => dashboard.Count("config") == 1, "the config");
        var first = dashboard.Count("server_stats");
        time.Advance(TimeSpan.FromSeconds(1.9));
        await Quiet.AssertNothingArrivesWithin(() => dashboard.Count("server_stats") > first, "server_stats before the interval", TimeSpan.FromMilliseconds(200));
        time.Advance(TimeSpan.FromSeconds(0.1));
        await Poll.UntilAsync(() => dashboard.Count("server_stats") == first + 1, "server_stats after the interval");
        var stats = dashboard.Last("server_stats");
        Assert.Contains("\"serverId\":\"node-a\"", stats);
        Assert.Contains("\"clientsCount\":1", stats);
        Assert.Contains("{\"name\":\"/admin\",\"socketsCount\":1}", stats);
        Assert.Equal("""[{"supportedFeatures":["EMIT","JOIN","LEAVE","DISCONNECT","MJOIN","MLEAVE","MDISCONNECT","AGGREGATED_EVENTS","ALL_EVENTS"]}]""", dashboard.Last("config"));
    }

    [Fact]
    public async Task A_user_socket_is_reported_from_connect_through_rooms_and_events_to_disconnect()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartAsync(time);
        var dashboard = new Recorder();
        await using var admin = await dashboard.ConnectAsync(app, "/admin", """{"username":"ops","password":"secret"}""");
        await Poll.UntilAsync(() => dashboard.Count("all_sockets") == 1, "all_sockets");

        var user = new Recorder();
        var userClient = await user.ConnectAsync(app, "/", null);
        await Poll.UntilAsync(() => dashboard.Count("socket_connected") == 2, "the user's socket_connected");
        Assert.Contains("\"nsp\":\"/\"", dashboard.Last("socket_connected"));

        await userClient.EmitWithAckAsync("join", "blue", static (w, room) => w.Json.WriteStringValue(room));
        await Poll.UntilAsync(() => dashboard.Count("room_joined") == 1, "room_joined");
        Assert.StartsWith("[\"/\",\"blue\",", dashboard.Last("room_joined"));
        await Poll.UntilAsync(() => dashboard.Count("event_received") == 1, "event_received");
        Assert.Contains("[\"join\",\"blue\"]", dashboard.Last("event_received"));
        await Poll.UntilAsync(() => dashboard.Count("event_sent") >= 1, "event_sent");
        Assert.Contains("[\"welcome\",\"blue\"]", dashboard.Last("event_sent"));

        await userClient.DisposeAsync();
        await Poll.UntilAsync(() => dashboard.Count("socket_disconnected") == 1, "socket_disconnected");
        Assert.Contains("\"client namespace disconnect\"", dashboard.Last("socket_disconnected"));
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_and_the_disconnect_action_disconnects_the_selected_socket()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartAsync(time);
        var refused = await Assert.ThrowsAsync<SocketIOConnectException>(() => new Recorder().ConnectAsync(app, "/admin", """{"username":"ops","password":"wrong"}"""));
        Assert.Contains("invalid credentials", refused.Message);

        var user = new Recorder();
        await using var userClient = await user.ConnectAsync(app, "/", null);
        var server = app.Services.GetRequiredService<SocketIOServer>();
        var userSocket = Assert.Single(server.Of("/").GetLocalSockets());
        var dashboard = new Recorder();
        await using var admin = await dashboard.ConnectAsync(app, "/admin", """{"username":"ops","password":"secret"}""");

        await admin.EmitAsync("_disconnect", userSocket.Id, static (w, id) =>
        {
            w.Json.WriteStringValue("/");
            w.Json.WriteBooleanValue(false);
            w.Json.WriteStringValue(id);
        });
        await Poll.UntilAsync(() => !userSocket.IsConnected, "the user's socket to be disconnected");
        await Poll.UntilAsync(() => dashboard.Count("socket_disconnected") == 1, "socket_disconnected");
        Assert.Contains("\"server namespace disconnect\"", dashboard.Last("socket_disconnected"));
    }

    private static async Task<WebApplication> StartAsync(FakeTimeProvider time)
    {
        var builder = LoopbackApplication.CreateBuilder(new ListLoggerProvider());
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddTypedSockets().AddAdminUI(options =>
        {
            options.Username = "ops";
            options.Password = "secret";
            options.Mode = AdminUIMode.Development;
            options.ServerId = "node-a";
        });
        var app = builder.Build();
        var server = app.MapSocketIO();
        server.Of("/").OnConnection(socket =>
        {
            socket.On("join", incoming =>
            {
                var room = incoming.Arguments.GetReader(0);
                room.Read();
                var name = room.GetString()!;
                socket.Join(name);
                socket.Emit("welcome", name, static (w, n) => w.Json.WriteStringValue(n));
                incoming.Ack();
                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });
        app.MapAdminUI();
        await app.StartAsync();
        return app;
    }

    /// <summary>A client that records every event it receives as the JSON array of its arguments.</summary>
    private sealed class Recorder
    {
        private readonly ConcurrentQueue<(string Name, string Arguments)> _events = new();

        public int Count(string name) => _events.Count(e => e.Name == name);

        public string Last(string name) => _events.Last(e => e.Name == name).Arguments;

        public async Task<SocketIOClient> ConnectAsync(WebApplication app, string nsp, string? auth)
        {
            var options = new SocketIOClientOptions { AuthJson = auth, Reconnection = false, ConnectTimeout = TimeSpan.FromSeconds(5), AckTimeout = TimeSpan.FromSeconds(5) };
            var client = new SocketIOClient(new Uri(app.Urls.First()), nsp, options, incoming =>
            {
                var json = new StringBuilder("[");
                for (var i = 0; i < incoming.Arguments.Count; i++)
                {
                    json.Append(i == 0 ? string.Empty : ",").Append(Encoding.UTF8.GetString(incoming.Arguments[i].Span));
                }

                _events.Enqueue((incoming.Name, json.Append(']').ToString()));
                return ValueTask.CompletedTask;
            });
            try
            {
                await client.ConnectAsync();
            }
            catch
            {
                await client.DisposeAsync();
                throw;
            }

            return client;
        }
    }
}
