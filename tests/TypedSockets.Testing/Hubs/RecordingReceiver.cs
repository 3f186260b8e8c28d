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

    /// <summary>How long questions wait for their answer (a slow client); zero answers at once.</summary>
    public TimeSpan AnswerDelay { get; init; }

    public async Task<string> Question(string question)
    {
        if (AnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(AnswerDelay);
        }

        return "typed yes to " + question;
    }

    public Task Welcome(string connectionId, JsonElement auth)
    {
        Welcomes.Enqueue(connectionId);
        return Task.CompletedTask;
    }

    public static async Task Until(Func<bool> condition, string what)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "timed out waiting for " + what);
    }
}
