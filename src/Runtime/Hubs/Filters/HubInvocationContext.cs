using System.ComponentModel;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>One hub method call as filters see it.</summary>
public sealed class HubInvocationContext
{
    /// <summary>For generated code: the call of <paramref name="hubMethodName"/> on <paramref name="hub"/> with <paramref name="arguments"/>.</summary>
    /// <param name="hub">The hub instance.</param>
    /// <param name="context">The hub's <c>Context</c>.</param>
    /// <param name="incoming">The event.</param>
    /// <param name="hubMethodName">The C# method's name.</param>
    /// <param name="arguments">The typed arguments, boxed, in parameter order (cancellation tokens left out).</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public HubInvocationContext(object hub, HubCallerContext context, in SocketIOEvent incoming, string hubMethodName, object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(hub);
        Hub = hub;
        Context = context;
        HubMethodName = hubMethodName;
        EventName = incoming.Name;
        HubMethodArguments = arguments;
    }

    /// <summary>The hub instance the method runs on.</summary>
    public object Hub { get; }

    /// <summary>The caller's connection (user, items, id).</summary>
    public HubCallerContext Context { get; }

    /// <summary>The C# name of the hub method.</summary>
    public string HubMethodName { get; }

    /// <summary>The Socket.IO event name.</summary>
    public string EventName { get; }

    /// <summary>The typed arguments, boxed, in parameter order (cancellation tokens left out); a filter may replace entries.</summary>
    public object?[] HubMethodArguments { get; }
}

/// <summary>A hub's connect or disconnect as filters see it.</summary>
public sealed class HubLifetimeContext
{
    internal HubLifetimeContext(object hub, HubCallerContext context)
    {
        Hub = hub;
        Context = context;
    }

    /// <summary>The hub instance.</summary>
    public object Hub { get; }

    /// <summary>The connection.</summary>
    public HubCallerContext Context { get; }
}
