using System.Text.Json;
using System.Text.Json.Serialization;
using TypedSockets.Hubs;

namespace TypedSockets.Tests.Hubs;

public sealed record Note(string Text, int Priority);

public sealed record Receipt(string Text, int Length);

/// <summary>Client to server: one method per feature the typed hub tests exercise.</summary>
public interface ITestHub
{
    Task<int> Add(int a, int b);

    Task<Receipt> Post(Note note);

    Task Shout(string text);

    Task<bool> JoinRoom(string room);

    [Event("to room")]
    Task ToRoom(string room, string text);

    Task<byte[]> Echo(byte[] data);

    Task<string> AskCaller(string question);

    /// <summary>Asks the others in <paramref name="room"/>, waiting at most half a second for their answers.</summary>
    Task<string> AskRoom(string room, string question);

    Task<string> WhoAmI();

    /// <summary>Any JSON value back as it came, never parsed into objects.</summary>
    Task<RawJson> Relay(RawJson value);

    Task<bool> Fail();

    Task<bool> WaitForDisconnect(CancellationToken cancellationToken);

    /// <summary>Closes the caller's whole Engine.IO connection (as a network failure would).</summary>
    Task Drop();
}

/// <summary>Server to client.</summary>
public interface ITestClient
{
    Task Notice(Note note);

    [Event("room message")]
    Task RoomMessage(string room, string text);

    Task<string> Question(string question);

    Task Welcome(string connectionId, JsonElement auth);
}

/// <summary>No JsonSerializerContext of this assembly lists it, so <see cref="UnservableHub"/> cannot be served.</summary>
public sealed record Unlisted(string Text);

/// <summary>The contract of <see cref="UnservableHub"/>.</summary>
public interface IUnservableHub
{
    Task Send(Unlisted value);
}

/// <summary>
/// The typed C# client of <see cref="ITestHub"/>, written by the generator; it names no JSON context, so the
/// generator finds <see cref="TestJsonContext"/>.
/// </summary>
[TypedSockets.Client.TypedSocketsClient(typeof(ITestHub), typeof(ITestClient), Namespace = "/test")]
public sealed partial class TestHubClient;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Note))]
[JsonSerializable(typeof(Receipt))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
