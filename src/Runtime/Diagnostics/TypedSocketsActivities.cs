using System.Diagnostics;
using System.Text;

namespace TypedSockets.Diagnostics;

/// <summary>
/// The <c>TypedSockets</c> activity source and its spans: one per event handled on the server (a hub invocation or an
/// <c>On</c> handler), per connect and disconnect of a socket, and per call of the C# client. Each start returns null
/// at once when nothing listens (no name is decoded, nothing is allocated). Span names and tags follow OpenTelemetry's
/// RPC conventions, as SignalR's do: <c>rpc.system</c> <c>socket.io</c>, <c>rpc.service</c> the namespace,
/// <c>rpc.method</c> the event.
/// </summary>
internal static class TypedSocketsActivities
{
    public static readonly ActivitySource Source = new(TelemetryNames.ActivitySource, typeof(TypedSocketsActivities).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// The span of one event handled on the server, made the current activity (so the handler's
    /// <see cref="Activity.Current"/> is it). Its parent is the call's carrier when the client sent one; otherwise it is a
    /// root: the WebSocket's HTTP request lives as long as the connection and is no call's parent.
    /// </summary>
    public static Activity? StartInvocation(string @namespace, ReadOnlySpan<byte> nameUtf8, string? name, string socketId, ReadOnlySpan<byte> carrier)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        name ??= Encoding.UTF8.GetString(nameUtf8);
        var parent = default(ActivityContext);
        if (!carrier.IsEmpty)
        {
            TraceCarrier.TryRead(carrier, out parent);
        }

        Activity.Current = null;
        var activity = Source.StartActivity(ActivityKind.Server, parent, name: @namespace + "/" + name);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "socket.io");
            activity.SetTag("rpc.service", @namespace);
            activity.SetTag("rpc.method", name);
            activity.SetTag(TelemetryNames.SocketId, socketId);
        }

        return activity;
    }

    /// <summary>
    /// The span of a socket's connect (middleware, the CONNECT answer and the connection handlers that start inside it),
    /// parented to the handshake's trace context: the CONNECT auth's <c>traceparent</c>, else the Engine.IO handshake
    /// request's <c>traceparent</c> header.
    /// </summary>
    public static Activity? StartConnect(string @namespace, string socketId, string sessionId, ReadOnlySpan<byte> auth, string? headerTraceParent, string? headerTraceState)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = default(ActivityContext);
        var authParent = TraceCarrier.ReadAuthTraceParent(auth);
        if (!(authParent is not null && ActivityContext.TryParse(authParent, null, isRemote: true, out parent)) && headerTraceParent is not null)
        {
            ActivityContext.TryParse(headerTraceParent, headerTraceState, isRemote: true, out parent);
        }

        Activity.Current = null;
        var activity = Source.StartActivity(ActivityKind.Server, parent, name: @namespace + " connect");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "socket.io");
            activity.SetTag("rpc.service", @namespace);
            activity.SetTag(TelemetryNames.SocketId, socketId);
            activity.SetTag(TelemetryNames.SessionId, sessionId);
        }

        return activity;
    }

    /// <summary>The span around a socket's disconnect handlers (a hub's <c>OnDisconnected</c>), a root.</summary>
    public static Activity? StartDisconnect(string @namespace, string socketId, string reason)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity.Current = null;
        var activity = Source.StartActivity(ActivityKind.Internal, default(ActivityContext), name: @namespace + " disconnect");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "socket.io");
            activity.SetTag("rpc.service", @namespace);
            activity.SetTag(TelemetryNames.SocketId, socketId);
            activity.SetTag(TelemetryNames.CloseReason, reason);
        }

        return activity;
    }

    /// <summary>Tags the current span (the invocation's, inside a handler) as failed with <paramref name="errorType"/>.</summary>
    public static void SetError(string errorType, Exception? exception)
    {
        if (Activity.Current is not { Source: var source } activity || source != Source)
        {
            return;
        }

        activity.SetTag(TelemetryNames.ErrorType, errorType);
        activity.SetStatus(ActivityStatusCode.Error, exception?.Message);
    }

    /// <summary>
    /// The span of one call of the C# client, a child of the caller's current activity. It is not made current (the
    /// caller's code goes on beside the call); the packet carries its context (<see cref="TraceCarrier"/>).
    /// <paramref name="server"/> sets <c>server.address</c> and <c>server.port</c>, known before the span is sampled.
    /// </summary>
    public static Activity? StartClientCall(string @namespace, string eventName, Uri server)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var caller = Activity.Current;
        ActivityTagsCollection tags = new()
        {
            { "rpc.system", "socket.io" },
            { "rpc.service", @namespace },
            { "rpc.method", eventName },
            { "server.address", server.Host },
            { "server.port", server.Port },
        };
        var activity = Source.StartActivity(ActivityKind.Client, caller?.Context ?? default, tags, name: @namespace + "/" + eventName);
        Activity.Current = caller;
        return activity;
    }

    /// <summary>Ends a client call's span when <paramref name="call"/> completes (nothing is added when there is no span).</summary>
    public static Task Track(Activity? activity, Task call) => activity is null ? call : TrackAsync(activity, call);

    /// <summary>As <see cref="Track(Activity?, Task)"/> for a call with a result.</summary>
    public static Task<T> Track<T>(Activity? activity, Task<T> call) => activity is null ? call : TrackAsync(activity, call);

    private static async Task TrackAsync(Activity activity, Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activity.SetTag(TelemetryNames.ErrorType, exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
        finally
        {
            activity.Dispose();
        }
    }

    private static async Task<T> TrackAsync<T>(Activity activity, Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activity.SetTag(TelemetryNames.ErrorType, exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
        finally
        {
            activity.Dispose();
        }
    }
}
