namespace TypedSockets.Generators.Model;

/// <summary>Everything the emitter needs to write one typed C# client (see <see cref="HubSpec.NeedsJsonContext"/>).</summary>
internal sealed record ClientSpec(
    TypeDeclarationSpec Type,
    string Accessibility,
    string SocketNamespace,
    string HubInterface,
    string ReceiverInterface,
    string? JsonContext,
    EquatableArray<MethodSpec> HubMethods,
    EquatableArray<MethodSpec> ReceiverMethods,
    bool NeedsJsonContext,
    string? LibraryJsonContext = null);
