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
        private const string EventAttributeName = "TypedSockets.Hubs.EventAttribute";
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
                    ? Result<HubSpec>(null)
                    : Result(ParseValidHub(hub, attribute, cancellationToken));
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                return Failure<HubSpec>(hub, location, exception);
            }
        }

        private static HubSpec? ParseValidHub(INamedTypeSymbol hub, AttributeData attribute, CancellationToken cancellationToken)
        {
            var clientInterface = FindClientInterface(hub)!;

            var socketNamespace = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string name ? name : "/";
            var jsonContext = ReadJsonContext(attribute);
            var needsContext = false;
            var events = ParseMethods(HubMethods(hub), ref needsContext, cancellationToken);
            var clientMethods = ParseMethods(InterfaceMethods(clientInterface), ref needsContext, cancellationToken);
            var constructor = hub.InstanceConstructors
                .Where(static c => c.DeclaredAccessibility == Accessibility.Public)
                .OrderByDescending(static c => c.Parameters.Length)
                .First();
            var services = constructor.Parameters
                .Select(static p => new ServiceSpec(p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), p.HasExplicitDefaultValue || p.NullableAnnotation == NullableAnnotation.Annotated))
                .ToImmutableArray();
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
                Security.Parse(hub, HubMethods(hub)));
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
            return new ClientSpec(
                Declaration(client),
                client.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
                socketNamespace,
                hubInterface.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                receiverInterface.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                jsonContext,
                hubMethods,
                receiverMethods,
                needsContext && jsonContext is null);
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

        private static INamedTypeSymbol? FindClientInterface(INamedTypeSymbol hub)
        {
            for (var type = hub.BaseType; type is not null; type = type.BaseType)
            {
                if (type.IsGenericType && type.ConstructedFrom.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == "global::TypedSockets.Hubs.Hub<TClient>")
                {
                    return type.TypeArguments[0] as INamedTypeSymbol;
                }
            }

            return null;
        }

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

        /// <summary>The events of a hub: its own public instance methods (the client-to-server contract it implements).</summary>
        private static IEnumerable<(IMethodSymbol Method, IMethodSymbol? Contract)> HubMethods(INamedTypeSymbol hub)
        {
            foreach (var member in hub.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false, IsOverride: false } method)
                {
                    yield return (method, FindContract(hub, method));
                }
            }
        }

        private static IMethodSymbol? FindContract(INamedTypeSymbol hub, IMethodSymbol method)
        {
            foreach (var contract in hub.AllInterfaces)
            {
                foreach (var member in contract.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol candidate && SymbolEqualityComparer.Default.Equals(hub.FindImplementationForInterfaceMember(candidate), method))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        private static IEnumerable<(IMethodSymbol Method, IMethodSymbol? Contract)> InterfaceMethods(INamedTypeSymbol contract)
        {
            foreach (var type in new[] { contract }.Concat(contract.AllInterfaces))
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method)
                    {
                        yield return (method, null);
                    }
                }
            }
        }

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
                parameters.Add(new ParameterSpec(EscapeIdentifier(parameter.Name), parameter.Type.ToDisplayString(FullyQualified), type, isToken));
            }

            var (kind, result) = ClassifyReturn(method.ReturnType);
            var resultSpec = result is null ? null : Classify(result, ref needsContext);
            return new MethodSpec(
                method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                method.Name,
                WireName(method) ?? (contract is null ? null : WireName(contract)) ?? CamelCase(method.Name),
                kind,
                method.ReturnType.ToDisplayString(FullyQualified),
                resultSpec,
                new EquatableArray<ParameterSpec>(parameters));
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

        private static string? WireName(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == EventAttributeName && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
                {
                    return name;
                }
            }

            return null;
        }

        private static string CamelCase(string name) =>
            name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

        private static string EscapeIdentifier(string name) =>
            Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;
    }
}
