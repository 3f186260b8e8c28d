namespace TypedSockets.Client;

/// <summary>
/// Marks an empty <c>partial</c> class as a typed Socket.IO client: the generator gives it <c>ConnectAsync</c>,
/// a <c>Hub</c> proxy implementing <see cref="HubInterface"/>, and the dispatch of server events to a
/// <see cref="ClientInterface"/> implementation.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TypedSocketsClientAttribute : Attribute
{
    /// <summary>A typed client calling <paramref name="hubInterface"/> on the server and receiving <paramref name="clientInterface"/>'s events.</summary>
    public TypedSocketsClientAttribute(Type hubInterface, Type clientInterface)
    {
        HubInterface = hubInterface;
        ClientInterface = clientInterface;
    }

    /// <summary>Client to server: the interface the hub implements.</summary>
    public Type HubInterface { get; }

    /// <summary>Server to client: the hub's <c>TClient</c>.</summary>
    public Type ClientInterface { get; }

    /// <summary>The Socket.IO namespace to connect to. Default <c>/</c>.</summary>
    public string Namespace { get; set; } = "/";

    /// <summary>
    /// The <c>JsonSerializerContext</c> for values that are not JSON primitives or binary (web defaults advised); when
    /// none is named, the compilation's context that lists every such type is used, as for hubs.
    /// </summary>
    public Type? JsonContext { get; set; }
}
