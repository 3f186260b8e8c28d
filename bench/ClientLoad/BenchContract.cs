using TypedSockets.Client;

namespace TypedSockets.Bench.ClientLoad;

/// <summary>
/// The benchmark contract (docs/samples.md) as the typed client calls it: <c>echo(payload)</c> is acknowledged with the
/// payload by bench/Server's typed hub (which takes it as raw JSON) and by the Node socket.io peer alike. Only
/// <c>echo</c> is called: the Node peer's <c>join</c> and <c>publish</c> expect an acknowledgement callback.
/// </summary>
public interface IBenchHub
{
    ValueTask<string> Echo(string payload);
}

/// <summary>What a member of room <c>bench</c> would receive; these clients never join it.</summary>
public interface IBenchReceiver
{
    Task Tick(string payload);
}

/// <summary>The generated typed client of the benchmark contract, in the default namespace.</summary>
[TypedSocketsClient(typeof(IBenchHub), typeof(IBenchReceiver))]
public sealed partial class BenchClient;

/// <summary>No tick ever comes (the clients stay out of the room).</summary>
internal sealed class NoTicks : IBenchReceiver
{
    public static readonly NoTicks Instance = new();

    public Task Tick(string payload) => Task.CompletedTask;
}
