using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedSockets.Client;
using TypedSockets.Hosting;
using TypedSockets.Hubs;
using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;
using TypedSockets.Testing;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.Hubs.Limits;

public interface ILimitsHub
{
    /// <summary>Joins <paramref name="room"/> and answers how many rooms the caller is in (its own included).</summary>
    Task<int> Join(string room);

    /// <summary>Joins <paramref name="room"/> and answers false, instead of an error, when the caller is at its limit.</summary>
    Task<bool> TryJoin(string room);

    /// <summary>How deep the JSON value nests (a scalar is 0).</summary>
    Task<int> Depth(JsonElement value);
}

public interface ILimitsClient
{
    Task Notice(string text);
}

[Hub("/limits")]
public sealed partial class LimitsHub : Hub<ILimitsClient>, ILimitsHub
{
    public async Task<int> Join(string room)
    {
        await Groups.Add(room);
        return Context.Socket.Rooms.Count;
    }

    public async Task<bool> TryJoin(string room)
    {
        try
        {
            await Groups.Add(room);
            return true;
        }
        catch (RoomLimitExceededException)
        {
            return false;
        }
    }

    public Task<int> Depth(JsonElement value)
    {
        var depth = 0;
        while (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0)
        {
            depth++;
            value = value[0];
        }

        return Task.FromResult(value.ValueKind == JsonValueKind.Array ? depth + 1 : depth);
    }
}

/// <summary>
/// The operator's limits as a hub's caller meets them over real sockets on 127.0.0.1: rooms per socket (a refusal the
/// caller learns from its ack, the server logs as a warning without a stack) and the JSON nesting depth.
/// </summary>
public sealed class OperatorLimitTests
{
    [Fact]
    public async Task A_join_past_the_room_limit_is_an_error_ack_for_the_caller_and_a_warning_without_a_stack_for_the_server()
    {
        await using var server = await LimitsServer.StartAsync(o => o.SocketIO.MaxRoomsPerSocket = 2);
        await using var client = await ConnectAsync(server);
        await using var other = await ConnectAsync(server);

        Assert.Equal(2, ReadInt(await EmitAsync(client, "join", "a")));
        Assert.Equal(3, ReadInt(await EmitAsync(client, "join", "b")));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var refused = Assert.Throws<HubException>(() => HubArguments.ThrowIfError(EmitAsync(client, "join", "c").GetAwaiter().GetResult()));
            Assert.Equal("Room limit reached: a connection may be in at most 2 rooms.", refused.Message);
        }

        // A hub that catches the refusal answers as it likes; the connection goes on, a room it is in already is no new one.
        Assert.False(ReadBool(await EmitAsync(client, "tryJoin", "c")));
        Assert.Equal(3, ReadInt(await EmitAsync(client, "join", "a")));
        Assert.True(ReadBool(await EmitAsync(other, "tryJoin", "c")));

        var warnings = server.Logs.Records.Where(static r => r.EventId == 4006).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, static r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.DoesNotContain(server.Logs.Records, static r => r.Level >= LogLevel.Error || r.Exception is not null);
        Assert.Contains(server.Logs.Lines, static l => l.EventId == 4006 && l.Message.Contains("did not join room c", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hub_reads_arguments_as_deep_as_MaxJsonDepth_allows()
    {
        await using var server = await LimitsServer.StartAsync(o => o.SocketIO.MaxJsonDepth = 100);
        await using var client = await ConnectAsync(server);

        // 99 arrays inside the packet's own array: 100 levels, at the limit, past System.Text.Json's default of 64.
        Assert.Equal(99, ReadInt(await EmitRawAsync(client, "depth", 99)));

        var disconnected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += reason => disconnected.TrySetResult(reason);
        await client.EmitAsync("depth", 100, WriteNestedArrays);
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(server.Logs.Lines, static l => l.EventId == 3001);
    }

    // Written token by token: WriteJson would check the raw text with System.Text.Json's default depth of 64.
    private static void WriteNestedArrays(ArgumentWriter writer, int levels)
    {
        for (var i = 0; i < levels; i++)
        {
            writer.Json.WriteStartArray();
        }

        for (var i = 0; i < levels; i++)
        {
            writer.Json.WriteEndArray();
        }
    }

    private static Task<EventArguments> EmitAsync(SocketIOClient client, string eventName, string argument) =>
        client.EmitWithAckAsync(eventName, argument, static (w, value) => w.Json.WriteStringValue(value));

    private static Task<EventArguments> EmitRawAsync(SocketIOClient client, string eventName, int levels) =>
        client.EmitWithAckAsync(eventName, levels, WriteNestedArrays);

    private static int ReadInt(EventArguments ack)
    {
        HubArguments.ThrowIfError(ack);
        return HubArguments.ReadInt32(ack, 0);
    }

    private static bool ReadBool(EventArguments ack)
    {
        HubArguments.ThrowIfError(ack);
        return HubArguments.ReadBoolean(ack, 0);
    }

    private static async Task<SocketIOClient> ConnectAsync(LimitsServer server)
    {
        var options = new SocketIOClientOptions { ConnectTimeout = TimeSpan.FromSeconds(5), AckTimeout = TimeSpan.FromSeconds(5), Reconnection = false };
        var client = new SocketIOClient(server.BaseUri, "/limits", options, static _ => ValueTask.CompletedTask);
        await client.ConnectAsync();
        return client;
    }

    private sealed class LimitsServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LimitsServer(WebApplication app, ListLoggerProvider logs)
        {
            _app = app;
            Logs = logs;
            BaseUri = new Uri(app.Urls.First() + "/");
        }

        public Uri BaseUri { get; }

        public ListLoggerProvider Logs { get; }

        public static async Task<LimitsServer> StartAsync(Action<TypedSocketsOptions> configure)
        {
            var logs = new ListLoggerProvider();
            var builder = LoopbackApplication.CreateBuilder(logs);
            builder.Services.AddTypedSockets(configure);
            var app = builder.Build();
            app.MapHub<LimitsHub>();
            await app.StartAsync();
            return new LimitsServer(app, logs);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
