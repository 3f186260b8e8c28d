using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SeedTour;
using TypedSockets.Redis;
using TypedSockets.SocketIO;

// The seed's socket.io tour (DESIGN §5) on TypedSockets' low-level Socket.IO API.
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://localhost:8080");
}

builder.Services.AddHealthChecks();
var sockets = builder.Services.AddTypedSockets();

// --redis 127.0.0.1:6379 (or configuration "Redis") makes this process one node of a cluster.
if (builder.Configuration["Redis"] is { Length: > 0 } redis)
{
    sockets.AddRedis(redis, options =>
    {
        if (TimeSpan.TryParse(builder.Configuration["RedisNodeTimeout"], CultureInfo.InvariantCulture, out var timeout))
        {
            options.NodeTimeout = timeout;
            options.HeartbeatInterval = timeout / 3;
        }
    });
}

var app = builder.Build();
app.MapHealthChecks("/healthz");
var logger = app.Logger;

app.UseDefaultFiles();
app.UseStaticFiles();

// socket.io serves its browser client next to the endpoint; so does this sample, from the npm package the build installed.
var clientBundle = Path.Combine(app.Environment.ContentRootPath, "node_modules", "socket.io-client", "dist", "socket.io.min.js");
app.MapGet("/socket.io/socket.io.js", () => Results.File(clientBundle, "application/javascript; charset=utf-8"));

var io = app.MapSocketIO("/socket.io/");
var root = io.Of("/");
var statsGate = new SemaphoreSlim(1, 1);
var roomName = new Regex("^[a-z0-9-]{1,32}$", RegexOptions.CultureInvariant);

// The count (of every node) is read and sent one at a time, so the last stats this node's clients see is the
// current count. Each node tells its own clients, after every change anywhere in the cluster.
async ValueTask EmitStats()
{
    await statsGate.WaitAsync();
    try
    {
        var count = await root.CountAsync();
        root.Local.Emit("stats", count, static (w, n) =>
        {
            w.Json.WriteStartObject();
            w.Json.WriteNumber("numClients", n);
            w.Json.WriteEndObject();
        });
        SeedTourLog.ConnectedClients(logger, count);
    }
    finally
    {
        statsGate.Release();
    }
}

async ValueTask OnMembershipChanged()
{
    root.ServerSideEmit("statsChanged");
    await EmitStats();
}

root.OnServerSideEvent("statsChanged", _ => EmitStats());
root.OnServerSideEvent(RedisBackplane.NodesExpiredEvent, _ => EmitStats());

root.OnConnection(async socket =>
{
    socket.Emit("announcements", """{"message":"A new user has joined!"}"""u8);
    await OnMembershipChanged();

    socket.On("event", e =>
    {
        var message = ReadString(e.Arguments, 0, "message");
        SeedTourLog.DumbMessage(logger, message);
        e.Ack(message, static (w, m) =>
        {
            w.Json.WriteStartObject();
            w.Json.WriteString("received", m);
            w.Json.WriteEndObject();
        });
        return ValueTask.CompletedTask;
    });

    socket.On("join", e =>
    {
        var room = ReadString(e.Arguments, 0, property: null);
        var valid = room is not null && roomName.IsMatch(room);
        if (valid)
        {
            e.Socket.Join(room!);
        }

        e.Ack(valid, static (w, ok) => w.Json.WriteBooleanValue(ok));
        return ValueTask.CompletedTask;
    });

    socket.On("leave", e =>
    {
        if (ReadString(e.Arguments, 0, property: null) is { } room)
        {
            e.Socket.Leave(room);
        }

        e.Ack(true, static (w, ok) => w.Json.WriteBooleanValue(ok));
        return ValueTask.CompletedTask;
    });

    socket.On("toRoom", e =>
    {
        var room = ReadString(e.Arguments, 0, "room");
        var text = ReadString(e.Arguments, 0, "text");
        if (room is not null)
        {
            root.To(room).Emit("some event", (room, text), static (w, m) =>
            {
                w.Json.WriteStartObject();
                w.Json.WriteString("room", m.room);
                w.Json.WriteString("text", m.text);
                w.Json.WriteEndObject();
            });
        }

        return ValueTask.CompletedTask;
    });

    socket.On("add", e =>
    {
        var sum = ReadNumber(e.Arguments, 0) + ReadNumber(e.Arguments, 1);
        e.Ack(sum, static (w, s) =>
        {
            if (double.IsFinite(s))
            {
                w.Json.WriteNumberValue(s);
            }
            else
            {
                w.Json.WriteNullValue();
            }
        });
        return ValueTask.CompletedTask;
    });

    socket.On("echoBinary", e =>
    {
        e.Arguments.TryGetBinary(0, out var bytes);
        e.Ack(bytes, static (w, b) => w.WriteBinary(b));
        return ValueTask.CompletedTask;
    });

    socket.OnDisconnect(_ => OnMembershipChanged());
});

var stackAbuse = io.Of("/stackabuse");
stackAbuse.OnConnection(_ =>
{
    SeedTourLog.StackAbuseConnected(logger);
    stackAbuse.Emit("stats", """{"data":"some data"}"""u8);
    return ValueTask.CompletedTask;
});

app.Run();

// Argument index's string, or its string property when property is given; null when it has another shape.
static string? ReadString(EventArguments arguments, int index, string? property)
{
    if (index >= arguments.Count)
    {
        return null;
    }

    using var document = JsonDocument.Parse(arguments[index]);
    var element = document.RootElement;
    if (property is not null)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out element))
        {
            return null;
        }
    }

    return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
}

static double ReadNumber(EventArguments arguments, int index)
{
    if (index >= arguments.Count)
    {
        return double.NaN;
    }

    var reader = arguments.GetReader(index);
    return reader.Read() && reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : double.NaN;
}
