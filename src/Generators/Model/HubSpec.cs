namespace TypedSockets.Generators.Model;

/// <summary>Everything the emitter needs to write one hub's dispatch, client proxy and registration.</summary>
internal sealed record HubSpec(
    TypeDeclarationSpec Type,
    string SocketNamespace,
    string ClientInterface,
    string? JsonContext,
    EquatableArray<ServiceSpec> ConstructorParameters,
    EquatableArray<MethodSpec> Events,
    EquatableArray<MethodSpec> ClientMethods);
