using TypedSockets.Hubs;

namespace TypedSockets.Tests.Hubs;

/// <summary>
/// A hub without state of its own, which the generator serves with one instance per connection; it counts its
/// instances in a static field (static state is the application's, not the hub's).
/// </summary>
[Hub("/stateless")]
public sealed partial class StatelessHub : Hub<IStatelessClient>, IStatelessHub
{
    private static int s_created;

    public StatelessHub()
    {
        Interlocked.Increment(ref s_created);
    }

    public override Task OnConnected() => Clients.Caller.Hello(Context.ConnectionId);

    public Task<int> Add(int a, int b) => Task.FromResult(a + b);

    public Task<string> WhoAmI() => Task.FromResult(Context.ConnectionId);

    public async Task<int> Later(int value)
    {
        await Task.Yield();
        return value * 2;
    }

    public ValueTask<bool> FailNow() => throw new HubException("failed at once");

    public async Task<bool> FailLater()
    {
        await Task.Yield();
        throw new HubException("failed later");
    }

    public Task<int> Created() => Task.FromResult(Volatile.Read(ref s_created));
}
