using System.Collections.Concurrent;
using System.Text.Json;

namespace TypedSockets.Tests.Hubs;

/// <summary>The test's implementation of <see cref="ITestClient"/>: records what the server sent.</summary>
internal sealed class RecordingReceiver : ITestClient
{
    public ConcurrentQueue<Note> Notices { get; } = new();

    public ConcurrentQueue<(string Room, string Text)> RoomMessages { get; } = new();

    public ConcurrentQueue<string> Welcomes { get; } = new();

    public Task Notice(Note note)
    {
        Notices.Enqueue(note);
        return Task.CompletedTask;
    }

    public Task RoomMessage(string room, string text)
    {
        RoomMessages.Enqueue((room, text));
        return Task.CompletedTask;
    }

    /// <summary>Questions are answered once this completes (a slow client is held until the test released it); by default at once.</summary>
    public Task AnswerWhen { get; init; } = Task.CompletedTask;

    public async Task<string> Question(string question)
    {
        await AnswerWhen;
        return "typed yes to " + question;
    }

    public Task Welcome(string connectionId, JsonElement auth)
    {
        Welcomes.Enqueue(connectionId);
        return Task.CompletedTask;
    }

    public static Task Until(Func<bool> condition, string what) => TypedSockets.Testing.Poll.UntilAsync(condition, what);
}
