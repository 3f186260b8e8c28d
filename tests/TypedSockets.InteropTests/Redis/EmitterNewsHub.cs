using System.Text.Json;
using System.Text.Json.Serialization;
using TypedSockets.Hubs;

namespace TypedSockets.Tests.Redis;

/// <summary>What the servers push to clients of <see cref="EmitterNewsHub"/>: the emitter tests publish it from outside any server.</summary>
public interface INewsClient
{
    Task Headline(Headline headline);

    Task<string> Confirm(string question);
}

/// <summary>What clients of <see cref="EmitterNewsHub"/> may send (a hub has one contract).</summary>
public interface INewsHub
{
    Task Subscribe(string topic);
}

/// <summary>
/// A hub on <c>/</c> that no node maps: an emitter needs only its namespace and generated client proxy, so typed
/// emits reach any client of the namespace.
/// </summary>
[Hub("/", JsonContext = typeof(NewsJsonContext))]
public sealed partial class EmitterNewsHub : Hub<INewsClient>, INewsHub
{
    public Task Subscribe(string topic) => Groups.Add(topic);
}

public sealed record Headline(string Title, int Priority);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Headline))]
[JsonSerializable(typeof(string))]
public sealed partial class NewsJsonContext : JsonSerializerContext;
