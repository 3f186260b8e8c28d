using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedSockets.Analyzers;
using TypedSockets.Generators.Model;

namespace TypedSockets.Generators;

public sealed partial class HubGenerator
{
    /// <summary>Symbols to specs: everything the emitter needs as plain values, plus diagnostics.</summary>
    internal static class Parser
    {
        private const string HubBaseName = "TypedSockets.Hubs.Hub`1";
        private const string JsonContextBaseName = "System.Text.Json.Serialization.JsonSerializerContext";

        private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
            .WithMiscellaneousOptions(SymbolDisplayFormat.FullyQualifiedFormat.MiscellaneousOptions | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static ParseResult<HubSpec> ParseHub(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var hub = (INamedTypeSymbol)context.TargetSymbol;
            var attribute = context.Attributes[0];
            var location = hub.Locations.FirstOrDefault();
            try
            {
                return HasContractErrors(context, validator => validator.ValidateHub(hub, attribute))
                    ? Result(ParseInvalidHub(hub, attribute))
                    : Result(ParseValidHub(hub, attribute, cancellationToken));
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                return Failure<HubSpec>(hub, location, exception);
            }
        }

        /// <summary>
        /// A hub with a contract error still gets a definition (no dispatch), so that <c>MapHub&lt;THub&gt;()</c> and
        /// <c>IHubContext&lt;THub, TClient&gt;</c> compile and the TSK error is the only one the user sees; unless its
        /// class cannot take a generated half at all (not partial, nested or generic: TSK0008 says so).
        /// </summary>
        private static HubSpec? ParseInvalidHub(INamedTypeSymbol hub, AttributeData attribute)
        {
            var isPartial = hub.DeclaringSyntaxReferences.Any(static r => r.GetSyntax() is ClassDeclarationSyntax declaration && declaration.Modifiers.Any(static m => m.ValueText == "partial"));
            if (!isPartial || hub.ContainingType is not null || hub.IsGenericType)
            {
                return null;
            }

            var clientInterface = HubMembers.ClientInterface(hub) is { TypeKind: TypeKind.Interface or TypeKind.Class } client
                ? client.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
                : string.Empty;
            var socketNamespace = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string name ? name : "/";
            return new HubSpec(Declaration(hub), socketNamespace, clientInterface, null, default, default, default, false, false, HasContractErrors: true);
        }

        /// <summary>
        /// A concrete partial class deriving <c>Hub&lt;TClient&gt;</c> without <c>[Hub]</c> (TSK0011, reported by the
        /// analyzer): the same dispatch-less definition as a hub with contract errors, on namespace "/", so that
        /// <c>MapHub</c> and <c>IHubContext</c> compile and TSK0011 is the one error. Null for everything else,
        /// which is almost every class the syntactic filter lets through (real hubs have <c>[Hub]</c>).
        /// </summary>
        public static ParseResult<HubSpec>? ParseForgottenHub(GeneratorSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol hub)
            {
                return null;
            }

            try
            {
                if (!ForgottenHub.Is(hub, new KnownTypes(context.SemanticModel.Compilation)) || !ForgottenHub.IsFirstDeclaration(hub, context.Node, cancellationToken))
                {
                    return null;
                }

                var clientInterface = HubMembers.ClientInterface(hub) is { TypeKind: TypeKind.Interface or TypeKind.Class } client
                    ? client.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
                    : string.Empty;
                return Result(new HubSpec(Declaration(hub), "/", clientInterface, null, default, default, default, false, false, HasContractErrors: true));
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                return Failure<HubSpec>(hub, hub.Locations.FirstOrDefault(), exception);
            }
        }

        private static HubSpec? ParseValidHub(INamedTypeSymbol hub, AttributeData attribute, CancellationToken cancellationToken)
        {
            var clientInterface = HubMembers.ClientInterface(hub)!;

            var socketNamespace = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string name ? name : "/";
            var jsonContext = ReadJsonContext(attribute);
            var needsContext = false;
            var typedSockets = FindHubBase(hub)?.ContainingAssembly;
            var hubEvents = HubMembers.Events(hub, HubMembers.Contracts(hub, typedSockets)).ToList();
            var events = ParseMethods(hubEvents, ref needsContext, cancellationToken);
            var clientMethods = ParseMethods(InterfaceMethods(clientInterface), ref needsContext, cancellationToken);
            var constructor = hub.InstanceConstructors
                .Where(static c => c.DeclaredAccessibility == Accessibility.Public)
                .OrderByDescending(static c => c.Parameters.Length)
                .First();
            var services = constructor.Parameters
                .Select(static p => new ServiceSpec(p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), p.HasExplicitDefaultValue || p.NullableAnnotation == NullableAnnotation.Annotated))
                .ToImmutableArray();
            var libraryContext = jsonContext is null && needsContext ? FindLibraryContext(events.Concat(clientMethods), HubMembers.Contracts(hub, typedSockets).Add(clientInterface)) : null;
            return new HubSpec(
                Declaration(hub),
                socketNamespace,
                clientInterface.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                jsonContext,
                new EquatableArray<ServiceSpec>(services),
                events,
                clientMethods,
                needsContext && jsonContext is null,
                IsStateless(hub, constructor),
                LibraryJsonContext: libraryContext,
                Security: Security.Parse(hub, hubEvents));
        }

        /// <summary>
        /// Whether one hub instance can serve a whole connection without anyone noticing: nothing is injected, nothing
        /// is disposed, and no type between the hub and <c>Hub&lt;T&gt;</c> has an instance field (auto-properties and
        /// field-like events included). Types from other assemblies count as stateful: their private fields are not
        /// visible here.
        /// </summary>
        private static bool IsStateless(INamedTypeSymbol hub, IMethodSymbol constructor)
        {
            if (constructor.Parameters.Length > 0
                || hub.AllInterfaces.Any(static i => i.ToDisplayString() is "System.IDisposable" or "System.IAsyncDisposable"))
            {
                return false;
            }

            for (var type = hub; type is not null; type = type.BaseType)
            {
                if (type.IsGenericType && type.ConstructedFrom.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == "global::TypedSockets.Hubs.Hub<TClient>")
                {
                    return true;
                }

                if (!type.Locations.Any(static l => l.IsInSource))
                {
                    return false;
                }

                foreach (var member in type.GetMembers())
                {
                    var holdsState = member switch
                    {
                        IFieldSymbol field => !field.IsStatic && !field.IsConst,
                        IPropertySymbol property => !property.IsStatic && HasBackingField(property),
                        IEventSymbol @event => !@event.IsStatic && !@event.IsAbstract,
                        _ => false,
                    };
                    if (holdsState)
                    {
                        return false;
                    }
                }
            }

            return false;
        }

        /// <summary>An auto-property, or one using <c>field</c>: its syntax has an accessor without a body, or an initializer.</summary>
        private static bool HasBackingField(IPropertySymbol property)
        {
            if (property.IsAbstract)
            {
                return false;
            }

            foreach (var reference in property.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not PropertyDeclarationSyntax syntax)
                {
                    return true;
                }

                if (syntax.Initializer is not null
                    || (syntax.ExpressionBody is null && syntax.AccessorList is { } accessors && accessors.Accessors.Any(static a => a.Body is null && a.ExpressionBody is null))
                    || syntax.DescendantTokens().Any(static t => t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.FieldKeyword)))
                {
                    return true;
                }
            }

            return false;
        }

        public static ParseResult<ClientSpec> ParseClient(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var client = (INamedTypeSymbol)context.TargetSymbol;
            var attribute = context.Attributes[0];
            try
            {
                return HasContractErrors(context, validator => validator.ValidateClient(client, attribute))
                    ? Result<ClientSpec>(null)
                    : Result(ParseValidClient(client, attribute, cancellationToken));
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                return Failure<ClientSpec>(client, client.Locations.FirstOrDefault(), exception);
            }
        }

        private static ClientSpec? ParseValidClient(INamedTypeSymbol client, AttributeData attribute, CancellationToken cancellationToken)
        {
            if (attribute.ConstructorArguments.Length < 2
                || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol hubInterface
                || attribute.ConstructorArguments[1].Value is not INamedTypeSymbol receiverInterface)
            {
                return null;
            }

            var socketNamespace = "/";
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Namespace" && argument.Value.Value is string value)
                {
                    socketNamespace = value;
                }
            }

            var jsonContext = ReadJsonContext(attribute);
            var needsContext = false;
            var hubMethods = ParseMethods(InterfaceMethods(hubInterface), ref needsContext, cancellationToken);
            var receiverMethods = ParseMethods(InterfaceMethods(receiverInterface), ref needsContext, cancellationToken);
            var libraryContext = jsonContext is null && needsContext ? FindLibraryContext(hubMethods.Concat(receiverMethods), new[] { hubInterface, receiverInterface }) : null;
            return new ClientSpec(
                Declaration(client),
                client.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
                socketNamespace,
                hubInterface.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                receiverInterface.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                jsonContext,
                hubMethods,
                receiverMethods,
                needsContext && jsonContext is null,
                libraryContext);
        }

        /// <summary>
        /// Runs the analyzer's contract rules; the analyzer reports them, the generator only refuses to emit code that
        /// would not compile.
        /// </summary>
        private static bool HasContractErrors(GeneratorAttributeSyntaxContext context, System.Action<ContractValidator> validate)
        {
            var hasErrors = false;
            var validator = new ContractValidator(new KnownTypes(context.SemanticModel.Compilation), null, diagnostic => hasErrors |= diagnostic.Severity == DiagnosticSeverity.Error);
            validate(validator);
            return hasErrors;
        }

        private static ParseResult<T> Failure<T>(INamedTypeSymbol type, Location? location, System.Exception exception)
            where T : class
            => new(null, new EquatableArray<DiagnosticInfo>(new[] { FailureDiagnostic(type.Name, location, exception) }));

        /// <summary>A JsonSerializerContext of the compilation, for hubs and clients that name none.</summary>
        public static JsonContextSpec? ParseJsonContext(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type || !DerivesFrom(type, JsonContextBaseName))
            {
                return null;
            }

            var types = new List<string>();
            foreach (var attribute in context.Attributes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is ITypeSymbol serializable)
                {
                    types.Add(serializable.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                }
            }

            types.Sort(System.StringComparer.Ordinal);
            return new JsonContextSpec(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), new EquatableArray<string>(types));
        }

        /// <summary>
        /// The first context (by name) of the libraries declaring the contracts that lists every JSON type of
        /// <paramref name="methods"/>: the fallback when none of the compilation's own contexts does (see JsonContexts).
        /// </summary>
        private static string? FindLibraryContext(IEnumerable<MethodSpec> methods, IEnumerable<INamedTypeSymbol> contracts)
        {
            var needed = JsonContexts.Needed(methods);
            foreach (var context in LibraryJsonContexts.Of(contracts))
            {
                var listed = new HashSet<string>(System.StringComparer.Ordinal);
                foreach (var attribute in context.GetAttributes())
                {
                    if (attribute.AttributeClass?.ToDisplayString() == JsonSerializableAttributeName && attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is ITypeSymbol serializable)
                    {
                        listed.Add(serializable.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                    }
                }

                if (needed.IsSubsetOf(listed))
                {
                    return context.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                }
            }

            return null;
        }

        /// <summary>Whether <paramref name="type"/> is a System.Text.Json source-generated context (the dispatch and the TypeScript typings read the same ones).</summary>
        internal static bool IsJsonContext(INamedTypeSymbol type) => DerivesFrom(type, JsonContextBaseName);

        private static bool DerivesFrom(INamedTypeSymbol type, string baseName)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current.ToDisplayString() == baseName)
                {
                    return true;
                }
            }

            return false;
        }

        private static ParseResult<T> Result<T>(T? spec)
            where T : class
            => new(spec, default);

        private static TypeDeclarationSpec Declaration(INamedTypeSymbol type) => new(
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));

        private static string? ReadJsonContext(AttributeData attribute)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "JsonContext" && argument.Value.Value is INamedTypeSymbol context)
                {
                    return context.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                }
            }

            return null;
        }

        private static INamedTypeSymbol? FindHubBase(INamedTypeSymbol hub)
        {
            for (var type = hub.BaseType; type is not null; type = type.BaseType)
            {
                if (type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == "global::TypedSockets.Hubs.Hub<TClient>")
                {
                    return type;
                }
            }

            return null;
        }

        private static IEnumerable<(IMethodSymbol Method, IMethodSymbol? Contract)> InterfaceMethods(INamedTypeSymbol contract) =>
            HubMembers.InterfaceMethods(contract).Select(static method => (method, (IMethodSymbol?)null));

        private static EquatableArray<MethodSpec> ParseMethods(IEnumerable<(IMethodSymbol Method, IMethodSymbol? Contract)> methods, ref bool needsContext, CancellationToken cancellationToken)
        {
            var specs = new List<MethodSpec>();
            foreach (var (method, contract) in methods)
            {
                cancellationToken.ThrowIfCancellationRequested();
                specs.Add(ParseMethod(method, contract, ref needsContext));
            }

            return new EquatableArray<MethodSpec>(specs);
        }

        private static MethodSpec ParseMethod(IMethodSymbol method, IMethodSymbol? contract, ref bool needsContext)
        {
            var parameters = new List<ParameterSpec>();
            foreach (var parameter in method.Parameters)
            {
                var isToken = parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == "global::System.Threading.CancellationToken";
                var type = isToken
                    ? new TypeSpec("global::System.Threading.CancellationToken", ValueKind.Json, false, false)
                    : Classify(parameter.Type, ref needsContext);
                var declared = parameter.Type.ToDisplayString(FullyQualified);
                parameters.Add(new ParameterSpec(EscapeIdentifier(parameter.Name), declared, type, isToken, isToken ? null : DefaultValue(parameter, contract, declared)));
            }

            var (kind, result) = ClassifyReturn(method.ReturnType);
            var resultSpec = result is null ? null : Classify(result, ref needsContext);
            // An explicit implementation is called through its interface, under the contract's name.
            var isExplicit = method.MethodKind == MethodKind.ExplicitInterfaceImplementation && contract is not null;
            return new MethodSpec(
                method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                isExplicit ? contract!.Name : method.Name,
                // The contract names the event (TSK1005 refuses [Event] on its implementation): clients see only it.
                HubMembers.WireName(method, contract),
                kind,
                method.ReturnType.ToDisplayString(FullyQualified),
                resultSpec,
                new EquatableArray<ParameterSpec>(parameters),
                isExplicit ? contract!.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) : null);
        }

        /// <summary>
        /// The C# expression of an optional parameter's default (the called method's own, else its contract's), used
        /// when a client leaves the argument out, as socket.io clients do with trailing arguments; null when required.
        /// </summary>
        private static string? DefaultValue(IParameterSymbol parameter, IMethodSymbol? contract, string declaredType)
        {
            var source = parameter.HasExplicitDefaultValue ? parameter
                : contract is not null && parameter.Ordinal < contract.Parameters.Length && contract.Parameters[parameter.Ordinal].HasExplicitDefaultValue ? contract.Parameters[parameter.Ordinal]
                : null;
            if (source is null)
            {
                return null;
            }

            var value = source.ExplicitDefaultValue;
            if (value is null)
            {
                return $"default({declaredType})";
            }

            var literal = Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false);
            return value is float or double && literal.IndexOfAny(new[] { 'N', 'I' }) >= 0
                ? $"({declaredType})double.Parse(\"{literal}\", global::System.Globalization.CultureInfo.InvariantCulture)"
                : $"({declaredType})({literal})";
        }

        /// <summary>The contract rules (TSK0003, TSK0004) ran first, so every method returns one of the four task types.</summary>
        private static (ReturnKind Kind, ITypeSymbol? Result) ClassifyReturn(ITypeSymbol type)
        {
            var name = type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            return name switch
            {
                "global::System.Threading.Tasks.Task" => (ReturnKind.Task, null),
                "global::System.Threading.Tasks.ValueTask" => (ReturnKind.ValueTask, null),
                "global::System.Threading.Tasks.Task<TResult>" => (ReturnKind.TaskOfT, ((INamedTypeSymbol)type).TypeArguments[0]),
                "global::System.Threading.Tasks.ValueTask<TResult>" => (ReturnKind.ValueTaskOfT, ((INamedTypeSymbol)type).TypeArguments[0]),
                _ => throw new System.InvalidOperationException($"'{name}' is not a task type, which the contract rules should have refused."),
            };
        }

        private static TypeSpec Classify(ITypeSymbol type, ref bool needsContext)
        {
            // A nullable primitive travels as its primitive or null, without a JsonSerializerContext.
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullableValue)
            {
                var ignored = false;
                var underlying = Classify(nullableValue.TypeArguments[0], ref ignored);
                if (underlying.Kind is ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double or ValueKind.Single or ValueKind.Decimal or ValueKind.Guid)
                {
                    return new TypeSpec(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), underlying.Kind, false, true);
                }
            }

            var nullable = type.NullableAnnotation == NullableAnnotation.Annotated;
            var name = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            var kind = type.SpecialType switch
            {
                SpecialType.System_String => ValueKind.String,
                SpecialType.System_Boolean => ValueKind.Boolean,
                SpecialType.System_Int32 => ValueKind.Int32,
                SpecialType.System_Int64 => ValueKind.Int64,
                SpecialType.System_Double => ValueKind.Double,
                SpecialType.System_Single => ValueKind.Single,
                SpecialType.System_Decimal => ValueKind.Decimal,
                _ => name switch
                {
                    "global::System.Guid" => ValueKind.Guid,
                    "global::System.Text.Json.JsonElement" => ValueKind.JsonElement,
                    "global::TypedSockets.Hubs.RawJson" => ValueKind.RawJson,
                    "byte[]" => ValueKind.Bytes,
                    "global::System.ReadOnlyMemory<byte>" => ValueKind.Memory,
                    _ => ValueKind.Json,
                },
            };
            needsContext |= kind == ValueKind.Json;

            return new TypeSpec(name, kind, type.IsReferenceType, nullable || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T);
        }

        private static string EscapeIdentifier(string name) =>
            Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;
    }
}
