namespace TypedSockets.Generators.Model;

/// <summary>
/// Everything the emitter needs to write one hub's dispatch, client proxy and registration.
/// <see cref="MissingJsonContext"/> holds the diagnostics to report when no context was named and none of the
/// compilation's contexts covers the hub's types.
/// </summary>
internal sealed record HubSpec(
    TypeDeclarationSpec Type,
    string SocketNamespace,
    string ClientInterface,
    string? JsonContext,
    EquatableArray<ServiceSpec> ConstructorParameters,
    EquatableArray<MethodSpec> Events,
    EquatableArray<MethodSpec> ClientMethods,
    EquatableArray<DiagnosticInfo> MissingJsonContext);
