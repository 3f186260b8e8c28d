using System.Text.Json;
using System.Text.RegularExpressions;
using SeedTour.Contracts;
using TypedSockets.Hubs;

namespace SeedTour.Hubs;

/// <summary>The seed's default namespace (items 1–8 of docs/samples.md).</summary>
[Hub("/", JsonContext = typeof(SeedTourJsonContext))]
public sealed partial class SeedTourHub : Hub<ISeedTourClient>, ISeedTourHub
{
    private readonly ILogger<SeedTourHub> _logger;
    private readonly SeedTourStats _stats;

    public SeedTourHub(ILogger<SeedTourHub> logger, SeedTourStats stats)
    {
        _logger = logger;
        _stats = stats;
    }

    public override async Task OnConnected()
    {
        await Clients.Caller.Announcements(new Announcement("A new user has joined!"));
        await _stats.OnClientsChangedAsync();
    }

    public override Task OnDisconnected(string reason) => _stats.OnClientsChangedAsync();

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

    // \z, not $: in .NET $ also matches before a final newline, which would let "room\n" join.
    [GeneratedRegex(@"^[a-z0-9-]{1,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RoomName();
}
