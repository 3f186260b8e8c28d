using System.Collections.Concurrent;
using System.Diagnostics;
using TypedSockets.Tests.Hubs;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Diagnostics;

/// <summary>
/// W3C trace context from a socket.io-client peer (not TypedSockets): <c>traceparent</c> in the CONNECT auth parents the
/// connect span, and the optional last argument <c>{"$traceparent":…}</c> parents the invocation span and is not an
/// argument of the hub method.
/// </summary>
public sealed class NodeTraceContextTests
{
    [Fact]
    public async Task A_socket_io_client_that_sends_trace_context_parents_the_server_spans()
    {
        await using var server = await HubTestServer.StartAsync();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == "TypedSockets",
            // Server spans only: a sampled client span would make other tests' C# clients (beside this one, some talking
            // to Node servers) send a trace carrier.
            Sample = static (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Kind == ActivityKind.Client ? ActivitySamplingResult.None : ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var handshake = (Trace: ActivityTraceId.CreateRandom(), Span: ActivitySpanId.CreateRandom());
        var call = (Trace: ActivityTraceId.CreateRandom(), Span: ActivitySpanId.CreateRandom());

        var result = await NodeScenario.RunAsync("telemetry.mjs", "trace", server.BaseUrl, $"00-{handshake.Trace}-{handshake.Span}-01", $"00-{call.Trace}-{call.Span}-01");

        var trace = result.Single("trace");
        Assert.Equal(5, trace.GetProperty("sum").GetInt32());
        var socketId = trace.GetProperty("socketId").GetString();
        await Poll.UntilAsync(() => stopped.Any(a => a.OperationName == "/test/add" && Equals(a.GetTagItem("typedsockets.socket.id"), socketId)), "the invocation span");
        var invocation = Assert.Single(stopped, a => a.OperationName == "/test/add" && Equals(a.GetTagItem("typedsockets.socket.id"), socketId));
        Assert.Equal(call.Trace, invocation.TraceId);
        Assert.Equal(call.Span, invocation.ParentSpanId);
        Assert.Equal(ActivityKind.Server, invocation.Kind);
        var connect = Assert.Single(stopped, a => a.OperationName == "/test connect" && Equals(a.GetTagItem("typedsockets.socket.id"), socketId));
        Assert.Equal(handshake.Trace, connect.TraceId);
        Assert.Equal(handshake.Span, connect.ParentSpanId);
    }
}
