using TypedSockets.Hubs;

namespace TypedSockets.Bench.Server;

/// <summary>The benchmark contract (docs/samples.md) from the client's side, typed. Payloads pass through as raw JSON, as in the low-level server.</summary>
public interface IBenchHub
{
    ValueTask<RawJson> Echo(RawJson payload);

    Task Join();

    Task Publish(RawJson payload);
}

/// <summary>The benchmark contract from the server's side: what a member of room <c>bench</c> receives.</summary>
public interface IBenchClient
{
    Task Tick(RawJson payload);
}
