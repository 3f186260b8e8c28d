using SeedTour.Contracts;

namespace SeedTourClient;

/// <summary>Prints every event the server sends, and lets the tour wait for the ones it expects.</summary>
internal sealed class ConsoleReceiver : ISeedTourClient, IStackAbuseClient
{
    private readonly TaskCompletionSource<RoomMessage> _someEvent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<StackAbuseStats> _stackAbuseStats = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<RoomMessage> SomeEventReceived => _someEvent.Task;

    public Task<StackAbuseStats> StackAbuseStatsReceived => _stackAbuseStats.Task;

    public Task Announcements(Announcement announcement)
    {
        Console.WriteLine($"announcements: {announcement.Message}");
        return Task.CompletedTask;
    }

    public Task Stats(Stats stats)
    {
        Console.WriteLine($"stats: {stats.NumClients} client(s) connected");
        return Task.CompletedTask;
    }

    public Task SomeEvent(RoomMessage message)
    {
        Console.WriteLine($"some event: [{message.Room}] {message.Text}");
        _someEvent.TrySetResult(message);
        return Task.CompletedTask;
    }

    public Task Stats(StackAbuseStats stats)
    {
        Console.WriteLine($"/stackabuse stats: {stats.Data}");
        _stackAbuseStats.TrySetResult(stats);
        return Task.CompletedTask;
    }
}
