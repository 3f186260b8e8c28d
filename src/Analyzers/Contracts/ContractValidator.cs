using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedSockets.Analyzers;

/// <summary>
/// The contract rules (TSK0xxx, TSK1001–1003, TSK2xxx) for one <c>[Hub]</c> or <c>[TypedSocketsClient]</c> class,
/// across the whole contract hierarchy. The analyzer reports what it finds; the generator runs the same checks and
/// emits nothing when one is an error, so a user never sees compiler errors in generated code.
/// </summary>
internal sealed class ContractValidator
{
    public const string FixProperty = "Fix";
    public const string AddPartialFix = "AddPartial";
    public const string ContextProperty = "Context";
    public const string TypeProperty = "Type";

    private static readonly ImmutableHashSet<string> ReservedNames =
        ImmutableHashSet.Create("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private readonly KnownTypes _types;
    private readonly Func<ImmutableArray<INamedTypeSymbol>>? _jsonContexts;
    private readonly Action<Diagnostic> _report;
    private readonly bool _publishAot;

    /// <param name="jsonContexts">The compilation's JsonSerializerContexts for TSK2001, or null to skip that rule.</param>
    /// <param name="publishAot">Whether the project publishes with Native AOT, where TSK2001 is an error.</param>
    public ContractValidator(KnownTypes types, Func<ImmutableArray<INamedTypeSymbol>>? jsonContexts, Action<Diagnostic> report, bool publishAot = false)
    {
        _types = types;
        _jsonContexts = jsonContexts;
        _report = report;
        _publishAot = publishAot;
    }

    public void ValidateHub(INamedTypeSymbol hub, AttributeData attribute)
    {
        ValidateClassShape(hub, needsConstructor: true);
        var location = hub.Locations.FirstOrDefault();
        if (attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string socketNamespace)
        {
            ValidateNamespace(hub, socketNamespace, ArgumentLocation(attribute, 0) ?? location);
        }

        var events = new List<WireEvent>();
        var clientContract = _types.ClientContractOf(hub);
        if (clientContract is null)
        {
            Report(DiagnosticDescriptors.HubBaseAndContract, location, hub.Name, "has [Hub] but does not derive from Hub<TClient>; derive from Hub<TClient> with your server-to-client interface");
        }
        else if (clientContract is INamedTypeSymbol { TypeKind: TypeKind.Interface } clientInterface)
        {
            ValidateContract(clientInterface, ContractDirection.ServerToClient, null, events);
        }
        else
        {
            Report(DiagnosticDescriptors.ContractMustBeInterface, location, clientContract.ToDisplayString(), "server-to-client");
        }

        // Base classes' interfaces count (a second contract cannot hide there); TypedSockets' own and disposal do not.
        var contracts = HubMembers.Contracts(hub, _types.Hub?.ContainingAssembly);
        if (contracts.Length != 1)
        {
            var names = contracts.Length == 0 ? string.Empty : " (" + string.Join(", ", contracts.Select(static c => c.Name)) + ")";
            Report(DiagnosticDescriptors.HubBaseAndContract, location, hub.Name, $"implements {contracts.Length} hub contracts{names}; implement exactly one hub contract, the client-to-server interface");
        }

        var hubEvents = new List<WireEvent>();
        foreach (var contract in contracts)
        {
            ValidateContract(contract, ContractDirection.ClientToServer, hub, hubEvents);
        }

        foreach (var (method, contract) in HubMembers.Events(hub, contracts))
        {
            if (contract is null)
            {
                ValidateMethod(method, ContractDirection.ClientToServer, WireName(method), hubEvents);
            }
        }

        CheckDuplicates(events);
        CheckDuplicates(hubEvents);
        ValidateJson(hub, attribute, events.Concat(hubEvents).ToList());
    }

    public void ValidateClient(INamedTypeSymbol client, AttributeData attribute)
    {
        ValidateClassShape(client, needsConstructor: false);
        var location = client.Locations.FirstOrDefault();
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Namespace" && argument.Value.Value is string socketNamespace)
            {
                ValidateNamespace(client, socketNamespace, NamedArgumentLocation(attribute, "Namespace") ?? location);
            }
        }

        var hubEvents = new List<WireEvent>();
        var clientEvents = new List<WireEvent>();
        for (var i = 0; i < attribute.ConstructorArguments.Length && i < 2; i++)
        {
            var direction = i == 0 ? ContractDirection.ClientToServer : ContractDirection.ServerToClient;
            if (attribute.ConstructorArguments[i].Value is INamedTypeSymbol { TypeKind: TypeKind.Interface } contract)
            {
                ValidateContract(contract, direction, null, i == 0 ? hubEvents : clientEvents);
            }
            else if (attribute.ConstructorArguments[i].Value is ITypeSymbol other)
            {
                Report(DiagnosticDescriptors.ContractMustBeInterface, ArgumentLocation(attribute, i) ?? location, other.ToDisplayString(), i == 0 ? "client-to-server" : "server-to-client");
            }
        }

        CheckDuplicates(hubEvents);
        CheckDuplicates(clientEvents);
        ValidateJson(client, attribute, hubEvents.Concat(clientEvents).ToList());
    }

    private void ValidateClassShape(INamedTypeSymbol type, bool needsConstructor)
    {
        var location = type.Locations.FirstOrDefault();
        var isPartial = type.DeclaringSyntaxReferences.Any(static r => r.GetSyntax() is ClassDeclarationSyntax declaration && declaration.Modifiers.Any(static m => m.ValueText == "partial"));
        if (!isPartial)
        {
            _report(Diagnostic.Create(DiagnosticDescriptors.HubClassShape, location, ImmutableDictionary<string, string?>.Empty.Add(FixProperty, AddPartialFix), type.Name, "is not partial"));
        }

        var reason = type.IsGenericType ? "is generic"
            : type.ContainingType is not null ? "is nested in another type"
            : type.IsAbstract ? "is abstract"
            : needsConstructor && !type.InstanceConstructors.Any(static c => c.DeclaredAccessibility == Accessibility.Public) ? "has no public constructor"
            : null;
        if (reason is not null)
        {
            Report(DiagnosticDescriptors.HubClassShape, location, type.Name, reason);
        }
    }

    private void ValidateNamespace(INamedTypeSymbol owner, string socketNamespace, Location? location)
    {
        if (socketNamespace.Length == 0 || socketNamespace[0] != '/')
        {
            Report(DiagnosticDescriptors.InvalidName, location, owner.Name, "namespace", socketNamespace, "a namespace starts with '/', such as \"/chat\"");
        }
        else if (socketNamespace.Any(static c => c <= ' ' || c > '~' || c is '?' or '#' or ','))
        {
            // A client takes the namespace from its URL's path: '?' and '#' end the path, spaces and other characters
            // outside printable ASCII are percent-encoded, and ',' ends the namespace in a Socket.IO packet.
            Report(DiagnosticDescriptors.InvalidName, location, owner.Name, "namespace", socketNamespace, "a client cannot reach it; a namespace holds only printable ASCII characters other than space, '?', '#' and ','");
        }
    }

    private void ValidateContract(INamedTypeSymbol contract, ContractDirection direction, INamedTypeSymbol? hub, List<WireEvent> events)
    {
        // Base contracts first, so that a name clash is reported on the derived contract's method.
        foreach (var type in contract.AllInterfaces.Reverse().Concat(new[] { contract }))
        {
            if (type.IsUnboundGenericType || type.TypeArguments.Any(static t => t.TypeKind == TypeKind.TypeParameter))
            {
                Report(DiagnosticDescriptors.GenericContract, type.Locations.FirstOrDefault(), type.ToDisplayString());
                continue;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method)
                {
                    var wireName = WireName(method);
                    if (hub?.FindImplementationForInterfaceMember(method) is IMethodSymbol implementation)
                    {
                        CheckEventAttributeOnImplementation(implementation, method, wireName);
                    }

                    ValidateMethod(method, direction, wireName, events);
                }
                else if (member is not IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.EventRaise } && !member.IsImplicitlyDeclared)
                {
                    Report(DiagnosticDescriptors.ContractMemberNotMethod, member.Locations.FirstOrDefault(), member.Name, type.Name);
                }
            }
        }
    }

    private void ValidateMethod(IMethodSymbol method, ContractDirection direction, string wireName, List<WireEvent> events)
    {
        var location = method.Locations.FirstOrDefault();
        if (method.IsGenericMethod)
        {
            Report(DiagnosticDescriptors.GenericContract, location, method.Name);
            return;
        }

        events.Add(new WireEvent(method, wireName));
        ValidateReturn(method, direction, location);
        var sawToken = false;
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            var parameterLocation = parameter.Locations.FirstOrDefault() ?? location;
            var kind = parameter.RefKind switch
            {
                RefKind.Ref => "ref",
                RefKind.Out => "out",
                RefKind.In => "in",
                RefKind.None when parameter.IsParams => "params",
                RefKind.None when parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer => "a pointer",
                _ => null,
            };
            if (kind is not null)
            {
                Report(DiagnosticDescriptors.ParameterKind, parameterLocation, parameter.Name, method.Name, kind);
                continue;
            }

            if (parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullableToken && KnownTypes.Is(nullableToken.TypeArguments[0], _types.CancellationToken))
            {
                Report(DiagnosticDescriptors.CancellationTokenPlacement, parameterLocation, parameter.Name, method.Name, "a CancellationToken is not on the wire and always present, so it cannot be nullable; use CancellationToken");
                continue;
            }

            if (KnownTypes.Is(parameter.Type, _types.CancellationToken))
            {
                // Two tokens are one mistake: the second is reported, not also the first for not being last.
                var laterToken = method.Parameters.Skip(i + 1).Any(p => KnownTypes.Is(p.Type, _types.CancellationToken));
                var problem = direction == ContractDirection.ServerToClient ? "a server-to-client method cannot take a CancellationToken; remove it"
                    : sawToken ? "a method takes at most one CancellationToken; remove this one"
                    : i != method.Parameters.Length - 1 && !laterToken ? "the CancellationToken must be the last parameter; move it last"
                    : null;
                if (problem is not null)
                {
                    Report(DiagnosticDescriptors.CancellationTokenPlacement, parameterLocation, parameter.Name, method.Name, problem);
                }

                sawToken = true;
                continue;
            }

            ValidateWireType(method, parameter.Type, parameterLocation);
        }
    }

    private void ValidateReturn(IMethodSymbol method, ContractDirection direction, Location? location)
    {
        var returnType = method.ReturnType;
        var valid = direction == ContractDirection.ClientToServer
            ? _types.IsTaskLike(returnType)
            : KnownTypes.Is(returnType, _types.Task) || KnownTypes.Is(returnType, _types.TaskOfT);
        if (!valid)
        {
            Report(direction == ContractDirection.ClientToServer ? DiagnosticDescriptors.HubMethodReturnType : DiagnosticDescriptors.ClientMethodReturnType, location, method.Name, returnType.ToDisplayString());
            return;
        }

        if (returnType is INamedTypeSymbol { TypeArguments.Length: 1 } generic)
        {
            ValidateWireType(method, generic.TypeArguments[0], location);
        }
    }

    private void ValidateWireType(IMethodSymbol method, ITypeSymbol type, Location? location)
    {
        if (type.TypeKind == TypeKind.Dynamic || type.SpecialType == SpecialType.System_Object || KnownTypes.Is(type, _types.JsonElement))
        {
            Report(DiagnosticDescriptors.UntypedPayload, location, method.Name, type.ToDisplayString());
            return;
        }

        var reason = CannotTravel(type);
        if (reason is not null)
        {
            Report(DiagnosticDescriptors.TypeCannotTravel, location, method.Name, type.ToDisplayString(), reason);
        }
    }

    private string? CannotTravel(ITypeSymbol type)
    {
        switch (type)
        {
            case ITypeParameterSymbol:
                return "an open type parameter";
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "a pointer";
            case IArrayTypeSymbol array:
                return CannotTravel(array.ElementType);
        }

        if (type.TypeKind == TypeKind.Delegate)
        {
            return "a delegate";
        }

        if (_types.IsTaskLike(type))
        {
            return "a task";
        }

        if (type.IsRefLikeType)
        {
            return "a ref struct such as a span";
        }

        if (KnownTypes.Is(type, _types.Stream) || KnownTypes.DerivesFrom(type, _types.Stream))
        {
            return "a stream";
        }

        if (type is INamedTypeSymbol streamed && streamed.OriginalDefinition.ToDisplayString() is "System.Threading.Channels.ChannelReader<T>" or "System.Threading.Channels.ChannelWriter<T>" or "System.Collections.Generic.IAsyncEnumerable<T>")
        {
            return "a stream of values, and Socket.IO events carry whole values, not streams; send each item as an event of its own";
        }

        if (type is INamedTypeSymbol { IsTupleType: true } || type.OriginalDefinition.ToDisplayString().StartsWith("System.ValueTuple<", StringComparison.Ordinal))
        {
            return "a ValueTuple, whose fields System.Text.Json does not write, so it would travel as {}; use a record";
        }

        if (type is INamedTypeSymbol named)
        {
            if (named.TypeKind == TypeKind.Interface
                && !named.ContainingNamespace.ToDisplayString().StartsWith("System.Collections", StringComparison.Ordinal)
                && !named.GetAttributes().Any(a => KnownTypes.Is(a.AttributeClass, _types.JsonDerivedTypeAttribute)))
            {
                return "an interface without [JsonDerivedType] metadata";
            }

            foreach (var argument in named.TypeArguments)
            {
                var inner = CannotTravel(argument);
                if (inner is not null)
                {
                    return inner;
                }
            }
        }

        return null;
    }

    private void CheckDuplicates(List<WireEvent> events)
    {
        var seen = new Dictionary<string, IMethodSymbol>(StringComparer.Ordinal);
        foreach (var wireEvent in events)
        {
            var location = wireEvent.Method.Locations.FirstOrDefault();
            if (wireEvent.Name.Trim().Length == 0)
            {
                Report(DiagnosticDescriptors.InvalidName, location, wireEvent.Method.Name, "event", wireEvent.Name, "an event name is not empty");
            }
            else if (ReservedNames.Contains(wireEvent.Name))
            {
                Report(DiagnosticDescriptors.ReservedEventName, location, wireEvent.Method.Name, wireEvent.Name);
            }
            else if (seen.TryGetValue(wireEvent.Name, out var first))
            {
                Report(DiagnosticDescriptors.DuplicateEventName, location, wireEvent.Method.Name, wireEvent.Name, first.ContainingType.Name + "." + first.Name);
            }
            else
            {
                seen.Add(wireEvent.Name, wireEvent.Method);
            }
        }
    }

    private void ValidateJson(INamedTypeSymbol owner, AttributeData attribute, IReadOnlyCollection<WireEvent> events)
    {
        INamedTypeSymbol? named = null;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "JsonContext" && argument.Value.Value is INamedTypeSymbol context)
            {
                if (!KnownTypes.DerivesFrom(context, _types.JsonSerializerContext))
                {
                    Report(DiagnosticDescriptors.InvalidJsonContext, owner.Locations.FirstOrDefault(), owner.Name, context.Name);
                    return;
                }

                named = context;
            }
        }

        if (_jsonContexts is null)
        {
            return;
        }

        var needed = new List<(IMethodSymbol Method, ITypeSymbol Type)>();
        foreach (var wireEvent in events)
        {
            foreach (var parameter in wireEvent.Method.Parameters)
            {
                if (parameter.RefKind == RefKind.None && !parameter.IsParams && NeedsContext(parameter.Type))
                {
                    needed.Add((wireEvent.Method, parameter.Type));
                }
            }

            if (wireEvent.Method.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } generic && _types.IsTaskLike(generic) && NeedsContext(generic.TypeArguments[0]))
            {
                needed.Add((wireEvent.Method, generic.TypeArguments[0]));
            }
        }

        if (needed.Count == 0)
        {
            return;
        }

        // Without a named context: the compilation's own, then those of the libraries declaring the contracts.
        var candidates = named is not null ? ImmutableArray.Create(named)
            : _jsonContexts().AddRange(LibraryJsonContexts.Of(events.Select(static e => e.Method.ContainingType)));
        var lists = candidates.Select(c => (Context: c, Types: SerializableTypes(c))).ToList();
        if (named is null && lists.Any(l => needed.All(n => l.Types.Contains(Unannotated(n.Type)))))
        {
            return;
        }

        // The fix goes to the named context, or else to the source context that already lists the most of the needed
        // types; one that lists none of them is unrelated, and then no context is named.
        var target = lists
            .Where(l => named is not null || (l.Context.Locations.Any(static loc => loc.IsInSource) && needed.Any(n => l.Types.Contains(Unannotated(n.Type)))))
            .OrderByDescending(l => needed.Count(n => l.Types.Contains(Unannotated(n.Type)))).ThenBy(l => l.Context.ToDisplayString(), StringComparer.Ordinal).Select(l => ((INamedTypeSymbol Context, HashSet<ITypeSymbol> Types)?)l).FirstOrDefault();
        var reported = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var (method, type) in needed)
        {
            var plain = Unannotated(type);
            if ((target is { } listed && listed.Types.Contains(plain)) || !reported.Add(plain))
            {
                continue;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(TypeProperty, plain.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            var where = "no JsonSerializerContext of the compilation lists";
            if (target is { } t)
            {
                properties = properties.Add(ContextProperty, t.Context.GetDocumentationCommentId());
                where = $"JsonSerializerContext '{t.Context.Name}' does not list";
            }

            var severity = _publishAot ? DiagnosticSeverity.Error : DiagnosticDescriptors.MissingJsonSerializable.DefaultSeverity;
            _report(Diagnostic.Create(DiagnosticDescriptors.MissingJsonSerializable, method.Locations.FirstOrDefault(), severity, null, properties, owner.Name + "." + method.Name, plain.ToDisplayString(), where));
        }
    }

    private HashSet<ITypeSymbol> SerializableTypes(INamedTypeSymbol context)
    {
        var types = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var attribute in context.GetAttributes())
        {
            if (KnownTypes.Is(attribute.AttributeClass, _types.JsonSerializableAttribute) && attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is ITypeSymbol type)
            {
                types.Add(Unannotated(type));
            }
        }

        return types;
    }

    private static ITypeSymbol Unannotated(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);

    /// <summary>Whether the generator serializes the type through a JsonSerializerContext (it writes primitives itself).</summary>
    private bool NeedsContext(ITypeSymbol type)
    {
        // Nullable primitives travel as their primitives (or null); CancellationToken? is TSK0006, not a JSON type.
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            && (nullable.TypeArguments[0].SpecialType is SpecialType.System_Boolean or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Decimal
                || KnownTypes.Is(nullable.TypeArguments[0], _types.Guid) || KnownTypes.Is(nullable.TypeArguments[0], _types.CancellationToken)))
        {
            return false;
        }

        if (type.TypeKind == TypeKind.Dynamic || type.SpecialType is SpecialType.System_String or SpecialType.System_Boolean or SpecialType.System_Int32 or SpecialType.System_Int64
            or SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Decimal or SpecialType.System_Object)
        {
            return false;
        }

        if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte })
        {
            return false;
        }

        return !(KnownTypes.Is(type, _types.Guid) || KnownTypes.Is(type, _types.JsonElement) || KnownTypes.Is(type, _types.RawJson)
            || KnownTypes.Is(type, _types.CancellationToken) || CannotTravel(type) is not null
            || (KnownTypes.Is(type, _types.ReadOnlyMemory) && ((INamedTypeSymbol)type).TypeArguments[0].SpecialType == SpecialType.System_Byte));
    }

    /// <summary>
    /// TSK1005: the contract method names the event, because the typed client and the TypeScript typings see only the
    /// contract; an <c>[Event]</c> on the hub's implementation would rename the server's side alone.
    /// </summary>
    private void CheckEventAttributeOnImplementation(IMethodSymbol implementation, IMethodSymbol contractMethod, string wireName)
    {
        foreach (var attribute in implementation.GetAttributes())
        {
            if (KnownTypes.Is(attribute.AttributeClass, _types.EventAttribute) && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
            {
                var location = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? implementation.Locations.FirstOrDefault();
                Report(DiagnosticDescriptors.EventAttributeOnImplementation, location, implementation.ContainingType.Name + "." + contractMethod.Name, name, wireName, contractMethod.ContainingType.Name + "." + contractMethod.Name);
            }
        }
    }

    private string WireName(IMethodSymbol method) => ExplicitName(method) ?? CamelCase(method.Name);

    private string? ExplicitName(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (KnownTypes.Is(attribute.AttributeClass, _types.EventAttribute) && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return null;
    }

    private static string CamelCase(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    private static Location? ArgumentLocation(AttributeData attribute, int index) =>
        attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList: { } arguments } && arguments.Arguments.Count > index
            ? arguments.Arguments[index].GetLocation()
            : null;

    private static Location? NamedArgumentLocation(AttributeData attribute, string name) =>
        attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList: { } arguments }
            ? arguments.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation()
            : null;

    private void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] arguments) =>
        _report(Diagnostic.Create(descriptor, location, arguments));

    private readonly struct WireEvent
    {
        public WireEvent(IMethodSymbol method, string name)
        {
            Method = method;
            Name = name;
        }

        public IMethodSymbol Method { get; }

        public string Name { get; }
    }
}
