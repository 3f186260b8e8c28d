using System.Collections.Concurrent;
using System.Diagnostics;
using TypedSockets.Client;

namespace TypedSockets.Tests.Diagnostics;

/// <summary>
/// The <c>TypedSockets</c> activity source seen by an <see cref="ActivityListener"/>: a call of the typed C# client is
/// followed from the caller's span to the client's span, to the server's invocation span (the handler's current
/// activity) and to what the handler starts itself; connects and disconnects have spans of their own.
/// </summary>
public sealed class TracingTests
{
    private static readonly ActivitySource Caller = new("TypedSockets.Tests.Caller");

    [Fact]
    public async Task A_call_is_followed_from_the_client_to_the_server_and_into_the_handler()
    {
        await using var server = await TelemetryServer.StartAsync();
        var port = server.BaseUri.Port;
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name is "TypedSockets" or "TypedSockets.Tests.Caller" or "TypedSockets.Tests.HandlerWork",

            // Other tests run beside this one: only this test's client spans (by their server.port) are sampled, so no
            // other client sends a carrier because of this listener.
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Kind != ActivityKind.Client || options.Tags?.Any(t => t.Key == "server.port" && Equals(t.Value, port)) == true
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.None,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        string socketId;
        string where;
        await using (var client = await TelemetryHubClient.ConnectAsync(server.BaseUri, new TelemetryReceiver(), TelemetryServer.ClientOptions()))
        {
            socketId = client.Connection.Id!;
            using (var caller = Caller.StartActivity("caller"))
            {
                where = await client.Hub.Trace();

                // The carrier is taken off before the arguments are counted and read.
                Assert.Equal(5, await client.Hub.Add(2, 3));
                Assert.Same(caller, Activity.Current);
            }
        }

        await Poll.UntilAsync(() => stopped.Any(a => a.OperationName == "/telemetry disconnect" && Equals(a.GetTagItem("typedsockets.socket.id"), socketId)), "the disconnect span");
        var spans = stopped.ToArray();
        var callerSpan = Assert.Single(spans, static a => a.OperationName == "caller");
        var clientSpans = spans.Where(a => a.Kind == ActivityKind.Client && a.TraceId == callerSpan.TraceId).ToList();
        Assert.Equal(["/telemetry/trace", "/telemetry/add"], clientSpans.Select(static a => a.OperationName));
        Assert.All(clientSpans, a => Assert.Equal(callerSpan.SpanId, a.ParentSpanId));
        Assert.All(clientSpans, static a => Assert.Equal("socket.io", a.GetTagItem("rpc.system")));

        var invocations = spans.Where(a => a.Kind == ActivityKind.Server && Equals(a.GetTagItem("typedsockets.socket.id"), socketId) && a.OperationName != "/telemetry connect").ToList();
        Assert.Equal(2, invocations.Count);
        foreach (var (clientSpan, invocation) in clientSpans.Zip(invocations.OrderBy(static a => a.StartTimeUtc)))
        {
            Assert.Equal(callerSpan.TraceId, invocation.TraceId);
            Assert.Equal(clientSpan.SpanId, invocation.ParentSpanId);
            Assert.Equal(clientSpan.GetTagItem("rpc.method"), invocation.GetTagItem("rpc.method"));
            Assert.Equal("/telemetry", invocation.GetTagItem("rpc.service"));
        }

        // Inside the handler: the invocation span is current, and what the handler starts is its child.
        var trace = invocations.Single(static a => Equals(a.GetTagItem("rpc.method"), "trace"));
        Assert.Equal($"{trace.TraceId}/{trace.SpanId}/{trace.OperationName}/{trace.SpanId}", where);
        Assert.Contains(spans, a => a.OperationName == "handler work" && a.ParentSpanId == trace.SpanId);

        // The connect has a span of its own, a root here (the client sent no trace context in its handshake).
        var connect = Assert.Single(spans, a => a.OperationName == "/telemetry connect" && Equals(a.GetTagItem("typedsockets.socket.id"), socketId));
        Assert.Equal(ActivityKind.Server, connect.Kind);
        Assert.Equal(default, connect.ParentSpanId);
    }

    [Fact]
    public async Task A_failed_invocation_marks_its_span_and_the_handshake_parents_the_connect_span()
    {
        await using var server = await TelemetryServer.StartAsync();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(stopped, server.BaseUri.Port);
        var handshake = ActivityTraceId.CreateRandom();
        var handshakeSpan = ActivitySpanId.CreateRandom();
        var options = TelemetryServer.ClientOptions();
        options.AuthJson = $$"""{"traceparent":"00-{{handshake}}-{{handshakeSpan}}-01"}""";

        await using (var client = await TelemetryHubClient.ConnectAsync(server.BaseUri, new TelemetryReceiver(), options))
        {
            await Assert.ThrowsAsync<TypedSockets.Hubs.HubException>(() => client.Hub.Boom());
        }

        await Poll.UntilAsync(() => stopped.Any(a => a.OperationName == "/telemetry disconnect" && a.TraceId != handshake), "the disconnect span");
        var connect = Assert.Single(stopped, a => a.OperationName == "/telemetry connect" && a.TraceId == handshake);
        Assert.Equal(handshakeSpan, connect.ParentSpanId);
        var call = Assert.Single(stopped, static a => a.Kind == ActivityKind.Client && a.OperationName == "/telemetry/boom");
        var boom = Assert.Single(stopped, a => a.Kind == ActivityKind.Server && a.ParentSpanId == call.SpanId);
        Assert.Equal(call.TraceId, boom.TraceId);
        Assert.Equal(ActivityStatusCode.Error, boom.Status);
        Assert.Equal("handler_exception", boom.GetTagItem("error.type"));
    }

    /// <summary>Collects the spans of TypedSockets; client spans only of the client of this test's server.</summary>
    internal static ActivityListener Listen(ConcurrentQueue<Activity> stopped, int port)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == "TypedSockets",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Kind != ActivityKind.Client || options.Tags?.Any(t => t.Key == "server.port" && Equals(t.Value, port)) == true
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.None,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
