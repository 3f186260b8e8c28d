using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.EngineIO;
using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Hubs;

/// <summary>
/// A typed hub gets every event it declares through its one sink per socket; the events it does not declare reach the
/// socket's handlers by name and <c>OnAny</c>, as on a socket without a hub.
/// </summary>
public sealed class HubEventSinkTests
{
    [Fact]
    public async Task The_hub_takes_its_own_events_and_leaves_the_others_to_the_socket()
    {
        var server = new SocketIOServer(new SocketIOOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var nsp = server.Of("/stateless");
        Bind<StatelessHub>(nsp, services);
        var seen = new ConcurrentQueue<string>();
        var unknownSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        nsp.OnConnection(socket =>
        {
            socket.On("add", _ =>
            {
                seen.Enqueue("on:add");
                return ValueTask.CompletedTask;
            });
            socket.On("unknown", e =>
            {
                seen.Enqueue("on:" + e.Name);
                unknownSeen.TrySetResult();
                return ValueTask.CompletedTask;
            });
            socket.OnAny(e =>
            {
                seen.Enqueue("any:" + e.Name);
                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });

        var session = new TestEngineSession();
        session.Handler = ((IEngineSessionAcceptor)server).OnOpen(session);
        await SendAsync(session, "0/stateless,");
        Assert.StartsWith("0/stateless,{\"sid\":", await session.NextAsync());
        Assert.StartsWith("2/stateless,[\"hello\",", await session.NextAsync());

        await SendAsync(session, "2/stateless,5[\"add\",1,2]");
        Assert.Equal("3/stateless,5[3]", await session.NextAsync());
        await SendAsync(session, "2/stateless,[\"unknown\",1]");
        await SendAsync(session, "2/stateless,[\"other\"]");
        await unknownSeen.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await SendAsync(session, "2/stateless,6[\"add\",2,2]");
        Assert.Equal("3/stateless,6[4]", await session.NextAsync());

        Assert.Equal(["on:unknown", "any:other"], seen.ToArray());
    }

    [Fact]
    public async Task The_hubs_OnDisconnected_runs_in_its_registration_place_among_the_sockets_disconnect_handlers()
    {
        // The hub's disconnect handler is a method of its sink rather than a delegate of Socket.OnDisconnect; it still
        // runs after the handlers registered before the hub's connection handler and before those registered after it.
        var server = new SocketIOServer(new SocketIOOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        var counter = new InvocationCounter();
        var services = new ServiceCollection().AddLogging().AddSingleton(counter).BuildServiceProvider();
        var nsp = server.Of("/test");
        var order = new ConcurrentQueue<string>();
        var allRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        nsp.OnConnection(socket =>
        {
            socket.OnDisconnect(reason =>
            {
                order.Enqueue((counter.FirstDisconnect.Task.IsCompleted ? "after hub: " : "before hub: ") + reason);
                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });
        Bind<TestHub>(nsp, services);
        nsp.OnConnection(socket =>
        {
            socket.OnDisconnect(_ => throw new InvalidOperationException("a failing handler does not stop the others"));
            socket.OnDisconnect(reason =>
            {
                order.Enqueue((counter.FirstDisconnect.Task.IsCompleted ? "after hub: " : "before hub: ") + reason);
                allRan.TrySetResult();
                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });

        var session = new TestEngineSession();
        session.Handler = ((IEngineSessionAcceptor)server).OnOpen(session);
        await SendAsync(session, "0/test,{}");
        Assert.StartsWith("0/test,{\"sid\":", await session.NextAsync());
        Assert.StartsWith("2/test,[\"welcome\",", await session.NextAsync());
        Assert.Equal(1, counter.Connections);

        await SendAsync(session, "1/test,");
        await allRan.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(DisconnectReasons.ClientNamespaceDisconnect, await counter.FirstDisconnect.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(["before hub: " + DisconnectReasons.ClientNamespaceDisconnect, "after hub: " + DisconnectReasons.ClientNamespaceDisconnect], order.ToArray());
    }

    private static void Bind<THub>(Namespace nsp, IServiceProvider services)
        where THub : IHubDefinition => THub.Bind(nsp, services);

    private static ValueTask SendAsync(TestEngineSession session, string packet) =>
        session.Handler!.OnMessageAsync(Encoding.UTF8.GetBytes(packet), isBinary: false);
}
