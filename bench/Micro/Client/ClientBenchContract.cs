using TypedSockets.Client;

namespace TypedSockets.Benchmarks.Client;

/// <summary>
/// The benchmark contract (docs/samples.md) as the typed client and the in-process hub see it, with string payloads
/// as SignalR's bench hub has them: <c>echo</c> answers its argument, <c>join</c> enters room <c>bench</c>,
/// <c>publish</c> sends <c>tick</c> to that room (empty in these benchmarks, so a publish is the client's send alone).
/// </summary>
public interface IClientBenchHub
{
    ValueTask<string> Echo(string payload);

    Task Join();

    Task Publish(string payload);
}

/// <summary>What a member of room <c>bench</c> receives.</summary>
public interface IClientBenchReceiver
{
    Task Tick(string payload);
}

/// <summary>The generated typed client of <see cref="IClientBenchHub"/>.</summary>
[TypedSocketsClient(typeof(IClientBenchHub), typeof(IClientBenchReceiver))]
public sealed partial class ClientBenchClient;

/// <summary>A receiver for clients that never join the room: no tick ever comes.</summary>
public sealed class NoTicks : IClientBenchReceiver
{
    public static readonly NoTicks Instance = new();

    public Task Tick(string payload) => Task.CompletedTask;
}
