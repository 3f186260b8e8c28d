using System.Text.Json;
using System.Text.RegularExpressions;
using SeedTour.Contracts;
using TypedSockets.Hubs;

namespace SeedTour.Hubs;

/// <summary>The seed's default namespace (DESIGN §5, items 1–8).</summary>
[Hub("/", JsonContext = typeof(SeedTourJsonContext))]
public sealed partial class SeedTourHub : Hub<ISeedTourClient>, ISeedTourHub
{
    // The count is read and sent under one lock, so the last stats every client sees is the current count.
    private static readonly Lock StatsLock = new();

    private readonly ILogger<SeedTourHub> _logger;

    public SeedTourHub(ILogger<SeedTourHub> logger)
    {
        _logger = logger;
    }

    public override async Task OnConnected()
    {
        await Clients.Caller.Announcements(new Announcement("A new user has joined!"));
        EmitStats();
    }

    public override Task OnDisconnected(string reason)
    {
        EmitStats();
        return Task.CompletedTask;
    }

    public Task<Receipt> Event(ChatMessage message)
    {
        SeedTourLog.DumbMessage(_logger, message.Message);
        return Task.FromResult(new Receipt(message.Message));
    }

    public async Task<bool> Join(JsonElement room)
    {
        if (room.ValueKind != JsonValueKind.String || room.GetString() is not { } name || !RoomName().IsMatch(name))
        {
            return false;
        }

        await Groups.Add(name);
        return true;
    }

    public async Task<bool> Leave(JsonElement room)
    {
        if (room.ValueKind == JsonValueKind.String && room.GetString() is { } name)
        {
            await Groups.Remove(name);
        }

        return true;
    }

    public Task ToRoom(RoomMessage message) =>
        message.Room is null ? Task.CompletedTask : Clients.Room(message.Room).SomeEvent(message);

    public Task<double> Add(double a, double b) => Task.FromResult(a + b);

    public Task<byte[]> EchoBinary(byte[] bytes) => Task.FromResult(bytes);

    private void EmitStats()
    {
        lock (StatsLock)
        {
            var count = Context.Socket.Namespace.SocketCount;
            _ = Clients.All.Stats(new Stats(count));
            SeedTourLog.ConnectedClients(_logger, count);
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoomName();
}
