namespace TypedSockets.Hubs;

/// <summary>
/// Marks a <c>partial</c> class deriving from <see cref="Hub{TClient}"/> as the handler of one Socket.IO namespace.
/// The generator writes its event dispatch, its client proxies and its registration.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class HubAttribute : Attribute
{
    /// <param name="namespace">The Socket.IO namespace, starting with <c>/</c>. Default <c>/</c>.</param>
    public HubAttribute(string @namespace = "/")
    {
        Namespace = @namespace;
    }

    /// <summary>The Socket.IO namespace the hub serves.</summary>
    public string Namespace { get; }

    /// <summary>
    /// The <c>JsonSerializerContext</c> that serializes every argument and result that is not a JSON primitive
    /// (string, bool, numbers, <c>Guid</c>, <c>JsonElement</c>) or binary. Use web defaults on it
    /// (<c>[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]</c>) for the wire's camelCase names. When none is
    /// named, the generator uses the first (by name) context of the compilation whose <c>[JsonSerializable]</c> types
    /// include every such type of the hub.
    /// </summary>
    public Type? JsonContext { get; set; }
}
