namespace TypedSockets.Generators.Model;

/// <summary>
/// Everything the emitter needs to write one hub's dispatch, client proxy and registration.
/// <see cref="NeedsJsonContext"/> says that no context was named and the hub uses types only a context can
/// serialize, so one of the compilation's contexts has to be found for it; still true once the contexts are known,
/// it says that none lists them all (TSK2001). <see cref="IsStateless"/>: the hub has no state of its own (no
/// instance fields up to <c>Hub&lt;T&gt;</c>, no constructor parameters, not disposable), so one instance can serve
/// a whole connection. <see cref="LibraryJsonContext"/>: a context of the contracts' class library listing every
/// JSON type, used when no context of the compilation does. <see cref="HasContractErrors"/>: the analyzer reports an error in the contract; the hub gets
/// only a definition that satisfies <c>MapHub</c> and <c>IHubContext</c>, so that the TSK error is the one the user sees.
/// </summary>
internal sealed record HubSpec(
    TypeDeclarationSpec Type,
    string SocketNamespace,
    string ClientInterface,
    string? JsonContext,
    EquatableArray<ServiceSpec> ConstructorParameters,
    EquatableArray<MethodSpec> Events,
    EquatableArray<MethodSpec> ClientMethods,
    bool NeedsJsonContext,
    bool IsStateless,
    bool HasContractErrors = false,
    string? LibraryJsonContext = null,
    HubSecuritySpec? Security = null);
