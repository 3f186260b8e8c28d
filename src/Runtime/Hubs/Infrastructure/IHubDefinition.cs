using System.ComponentModel;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs.Infrastructure;

/// <summary>
/// What the generator adds to a <c>[Hub]</c> class so that <c>MapHub&lt;THub&gt;()</c> needs no reflection:
/// static members the runtime calls through the type parameter.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IHubDefinition
{
    /// <summary>The Socket.IO namespace of the hub.</summary>
    static abstract string Namespace { get; }

    /// <summary>Handles the connections of <paramref name="namespace"/> with this hub.</summary>
    static abstract void Bind(Namespace @namespace, IServiceProvider services);
}
