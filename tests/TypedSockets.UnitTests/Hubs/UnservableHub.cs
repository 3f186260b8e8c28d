using TypedSockets.Hubs;

namespace TypedSockets.Tests.Hubs;

/// <summary>A hub whose wire type no context lists (TSK2001 outside AOT): it compiles, and mapping it fails.</summary>
[Hub("/unservable")]
public sealed partial class UnservableHub : Hub<ITestClient>, IUnservableHub
{
    public Task Send(Unlisted value) => Task.CompletedTask;
}
