namespace TypedSockets.Tests.Hubs;

/// <summary>A singleton the test hub gets by constructor injection: proves the generated factory resolves services.</summary>
public sealed class InvocationCounter
{
    private int _connections;

    public int Connections => Volatile.Read(ref _connections);

    public TaskCompletionSource<string> FirstDisconnect { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Increment() => Interlocked.Increment(ref _connections);

    public void Disconnected(string reason) => FirstDisconnect.TrySetResult(reason);
}
