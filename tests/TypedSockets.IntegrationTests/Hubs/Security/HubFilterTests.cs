using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using TypedSockets.Client;
using TypedSockets.Hubs;

namespace TypedSockets.Tests.Hubs.Security;

/// <summary>Hub filters (global and per hub, from DI) around methods, connect and disconnect, over real sockets.</summary>
public sealed class HubFilterTests
{
    private static SocketIOClientOptions WithToken(string name) => new()
    {
        Reconnection = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AckTimeout = TimeSpan.FromSeconds(5),
        AuthJson = $$"""{"token":"{{SecurityTestServer.Token(name, "user")}}"}""",
    };

    private static Task<SecurityTestServer> StartAsync() => SecurityTestServer.StartAsync(sockets: sockets =>
    {
        sockets.Services.AddSingleton<FilterLog>();
        sockets.AddHubFilter<OuterFilter>();
        sockets.AddHubFilter<VaultHub, InnerFilter>();
        sockets.AddHubFilter<ClubHub, NeverFilter>();
    });

    [Fact]
    public async Task Filters_run_in_order_around_connect_methods_and_disconnect_and_see_typed_arguments_and_results()
    {
        await using var server = await StartAsync();
        var log = server.Services.GetRequiredService<FilterLog>();
        var client = await VaultClient.ConnectAsync(server.BaseUri, new IgnoringReceiver(), WithToken("alice"));
        await Poll.UntilAsync(() => log.Lines.Count >= 4, "connect filters");
        Assert.Equal(21 * 2 + 2, await client.Hub.Double(21)); // the inner filter adds 1 to the argument
        await client.DisposeAsync();
        await Poll.UntilAsync(() => log.Lines.Count >= 12, "disconnect filters");

        Assert.Equal(
        [
            "outer connect VaultHub alice", "inner connect", "inner connected", "outer connected",
            "outer Double [21]", "inner Double [21]", "inner result 44", "outer result 44",
            "outer disconnect client namespace disconnect", "inner disconnect", "inner disconnected", "outer disconnected",
        ], log.Lines);
        Assert.DoesNotContain(log.Lines, l => l.StartsWith("never", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_filter_sees_the_methods_exception_and_can_refuse_a_call()
    {
        await using var server = await StartAsync();
        var log = server.Services.GetRequiredService<FilterLog>();
        await using var client = await VaultClient.ConnectAsync(server.BaseUri, new IgnoringReceiver(), WithToken("alice"));

        await Assert.ThrowsAsync<HubException>(() => client.Hub.Boom());
        Assert.Contains("outer saw InvalidOperationException: boom", log.Lines);

        // The inner filter refuses negative numbers with a HubException: its message is the client's error ack.
        Assert.Equal("negative", (await Assert.ThrowsAsync<HubException>(() => client.Hub.Double(-5))).Message);
        Assert.DoesNotContain("inner result", log.Lines.Where(l => l.Contains("-5", StringComparison.Ordinal)));
        Assert.Equal(4, await client.Hub.Double(1));
    }

    internal sealed class FilterLog
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public List<string> Lines => [.. _lines];

        public void Add(string line) => _lines.Enqueue(line);
    }

    private sealed class OuterFilter(FilterLog log) : IHubFilter
    {
        public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
        {
            log.Add($"outer {context.HubMethodName} [{string.Join(",", context.HubMethodArguments)}]");
            try
            {
                var result = await next(context);
                log.Add($"outer result {result}");
                return result;
            }
            catch (Exception exception)
            {
                log.Add($"outer saw {exception.GetType().Name}: {exception.Message}");
                throw;
            }
        }

        public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
        {
            log.Add($"outer connect {context.Hub.GetType().Name} {context.Context.User.Identity?.Name}");
            await next(context);
            log.Add("outer connected");
        }

        public async Task OnDisconnectedAsync(HubLifetimeContext context, string reason, Func<HubLifetimeContext, string, Task> next)
        {
            log.Add($"outer disconnect {reason}");
            await next(context, reason);
            log.Add("outer disconnected");
        }
    }

    private sealed class InnerFilter(FilterLog log) : IHubFilter
    {
        public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
        {
            log.Add($"inner {context.HubMethodName} [{string.Join(",", context.HubMethodArguments)}]");
            if (context.HubMethodName == nameof(VaultHub.Double))
            {
                var n = (int)context.HubMethodArguments[0]!;
                if (n < 0)
                {
                    throw new HubException("negative");
                }

                context.HubMethodArguments[0] = n + 1;
            }

            var result = await next(context);
            log.Add($"inner result {result}");
            return result;
        }

        public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
        {
            log.Add("inner connect");
            await next(context);
            log.Add("inner connected");
        }

        public async Task OnDisconnectedAsync(HubLifetimeContext context, string reason, Func<HubLifetimeContext, string, Task> next)
        {
            log.Add("inner disconnect");
            await next(context, reason);
            log.Add("inner disconnected");
        }
    }

    private sealed class NeverFilter(FilterLog log) : IHubFilter
    {
        public ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
        {
            log.Add("never");
            return next(context);
        }
    }
}
