using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

        private static readonly HashSet<string> ReservedNames =
            ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

        public static ParseResult<HubSpec> ParseHub(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var hub = (INamedTypeSymbol)context.TargetSymbol;
            var attribute = context.Attributes[0];
            var location = hub.Locations.FirstOrDefault();
            if (!IsPartial(context.TargetNode, hub, location, diagnostics) || !IsSupportedClass(hub, location, diagnostics))
            {
                return Result<HubSpec>(null, diagnostics);
            }

            var clientInterface = FindClientInterface(hub);
            if (clientInterface is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HubMustDeriveFromHub, location, hub.Name));
                return Result<HubSpec>(null, diagnostics);
            }

            var socketNamespace = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string name ? name : "/";
            if (!socketNamespace.StartsWith("/", System.StringComparison.Ordinal))
            {
                socketNamespace = "/" + socketNamespace;
            }

            var jsonContext = ReadJsonContext(attribute, hub, location, diagnostics);
            var missingContext = new List<DiagnosticInfo>();
            var events = ParseMethods(HubMethods(hub), hub, jsonContext is not null, diagnostics, missingContext, cancellationToken);
            var clientMethods = ParseMethods(InterfaceMethods(clientInterface), hub, jsonContext is not null, diagnostics, missingContext, cancellationToken);
            var constructor = hub.InstanceConstructors
                .Where(static c => c.DeclaredAccessibility == Accessibility.Public)
                .OrderByDescending(static c => c.Parameters.Length)
                .FirstOrDefault();
            if (constructor is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedClass, location, hub.Name, "it needs a public constructor"));
                return Result<HubSpec>(null, diagnostics);
            }

            var services = constructor.Parameters
                .Select(static p => new ServiceSpec(p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), p.HasExplicitDefaultValue || p.NullableAnnotation == NullableAnnotation.Annotated))
                .ToImmutableArray();
            if (diagnostics.Any(static d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
            {
                return Result<HubSpec>(null, diagnostics);
            }

            var spec = new HubSpec(
                Declaration(hub),
                socketNamespace,
                clientInterface.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                jsonContext,
                new EquatableArray<ServiceSpec>(services),
                events,
                clientMethods,
                new EquatableArray<DiagnosticInfo>(missingContext));
            return Result(spec, diagnostics);
        }

        public static ParseResult<ClientSpec> ParseClient(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var client = (INamedTypeSymbol)context.TargetSymbol;
            var attribute = context.Attributes[0];
            var location = client.Locations.FirstOrDefault();
            if (!IsPartial(context.TargetNode, client, location, diagnostics) || !IsSupportedClass(client, location, diagnostics))
            {
                return Result<ClientSpec>(null, diagnostics);
            }

            if (attribute.ConstructorArguments.Length < 2
                || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol { TypeKind: TypeKind.Interface } hubInterface
                || attribute.ConstructorArguments[1].Value is not INamedTypeSymbol { TypeKind: TypeKind.Interface } receiverInterface)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedClass, location, client.Name, "[TypedSocketsClient] takes the hub interface and the client interface"));
                return Result<ClientSpec>(null, diagnostics);
            }

            var socketNamespace = "/";
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Namespace" && argument.Value.Value is string value)
                {
                    socketNamespace = value.StartsWith("/", System.StringComparison.Ordinal) ? value : "/" + value;
                }
            }

            var jsonContext = ReadJsonContext(attribute, client, location, diagnostics);
            var missingContext = new List<DiagnosticInfo>();
            var hubMethods = ParseMethods(InterfaceMethods(hubInterface), client, jsonContext is not null, diagnostics, missingContext, cancellationToken);
            var receiverMethods = ParseMethods(InterfaceMethods(receiverInterface), client, jsonContext is not null, diagnostics, missingContext, cancellationToken);
            if (diagnostics.Any(static d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
            {
                return Result<ClientSpec>(null, diagnostics);
            }

            var spec = new ClientSpec(
                Declaration(client),
                client.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
                socketNamespace,
                hubInterface.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                receiverInterface.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                jsonContext,
                hubMethods,
                receiverMethods,
                new EquatableArray<DiagnosticInfo>(missingContext));
            return Result(spec, diagnostics);
        }

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

        private static ParseResult<T> Result<T>(T? spec, List<DiagnosticInfo> diagnostics)
            where T : class
            => new(spec, new EquatableArray<DiagnosticInfo>(diagnostics));

        private static bool IsPartial(SyntaxNode node, INamedTypeSymbol type, Location? location, List<DiagnosticInfo> diagnostics)
        {
            if (node is ClassDeclarationSyntax declaration && declaration.Modifiers.Any(static m => m.ValueText == "partial"))
            {
                return true;
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HubMustBePartial, location, type.Name));
            return false;
        }

        private static bool IsSupportedClass(INamedTypeSymbol type, Location? location, List<DiagnosticInfo> diagnostics)
        {
            string? reason = type.IsGenericType ? "generic classes are not supported"
                : type.ContainingType is not null ? "nested classes are not supported; declare it at namespace level"
                : type.IsAbstract ? "it must not be abstract"
                : null;
            if (reason is null)
            {
                return true;
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedClass, location, type.Name, reason));
            return false;
        }

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

        private static string? ReadJsonContext(AttributeData attribute, INamedTypeSymbol owner, Location? location, List<DiagnosticInfo> diagnostics)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key != "JsonContext" || argument.Value.Value is not INamedTypeSymbol context)
                {
                    continue;
                }

                if (DerivesFrom(context, JsonContextBaseName))
                {
                    return context.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                }

                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JsonContextInvalid, location, owner.Name, context.Name));
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

        private static EquatableArray<MethodSpec> ParseMethods(IEnumerable<(IMethodSymbol Method, IMethodSymbol? Contract)> methods, INamedTypeSymbol owner, bool hasJsonContext, List<DiagnosticInfo> diagnostics, List<DiagnosticInfo> missingContext, CancellationToken cancellationToken)
        {
            var specs = new List<MethodSpec>();
            var names = new HashSet<string>();
            foreach (var (method, contract) in methods)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var location = method.Locations.FirstOrDefault() ?? owner.Locations.FirstOrDefault();
                var spec = ParseMethod(method, contract, owner, hasJsonContext, location, diagnostics, missingContext);
                if (spec is null)
                {
                    continue;
                }

                if (ReservedNames.Contains(spec.WireName))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedEventName, location, method.Name, spec.WireName));
                }
                else if (!names.Add(spec.WireName))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateEventName, location, method.Name, spec.WireName));
                }
                else
                {
                    specs.Add(spec);
                }
            }

            return new EquatableArray<MethodSpec>(specs);
        }

        private static MethodSpec? ParseMethod(IMethodSymbol method, IMethodSymbol? contract, INamedTypeSymbol owner, bool hasJsonContext, Location? location, List<DiagnosticInfo> diagnostics, List<DiagnosticInfo> missingContext)
        {
            if (method.IsGenericMethod)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedMethod, location, method.Name, "generic methods are not supported"));
                return null;
            }

            var parameters = new List<ParameterSpec>();
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None || parameter.IsParams)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedMethod, location, method.Name, "ref, out, in and params parameters are not supported"));
                    return null;
                }

                var isToken = parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == "global::System.Threading.CancellationToken";
                var type = isToken
                    ? new TypeSpec("global::System.Threading.CancellationToken", ValueKind.Json, false, false)
                    : Classify(parameter.Type, owner, method, hasJsonContext, location, missingContext);
                parameters.Add(new ParameterSpec(EscapeIdentifier(parameter.Name), parameter.Type.ToDisplayString(FullyQualified), type, isToken));
            }

            var (kind, result) = ClassifyReturn(method.ReturnType);
            if (kind is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedMethod, location, method.Name, "return void, Task, Task<T>, ValueTask, ValueTask<T> or a value"));
                return null;
            }

            var resultSpec = result is null ? null : Classify(result, owner, method, hasJsonContext, location, missingContext);
            return new MethodSpec(
                method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                method.Name,
                WireName(method) ?? (contract is null ? null : WireName(contract)) ?? CamelCase(method.Name),
                kind.Value,
                method.ReturnType.ToDisplayString(FullyQualified),
                resultSpec,
                new EquatableArray<ParameterSpec>(parameters));
        }

        private static (ReturnKind? Kind, ITypeSymbol? Result) ClassifyReturn(ITypeSymbol type)
        {
            if (type.SpecialType == SpecialType.System_Void)
            {
                return (ReturnKind.Void, null);
            }

            var name = type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            return name switch
            {
                "global::System.Threading.Tasks.Task" => (ReturnKind.Task, null),
                "global::System.Threading.Tasks.ValueTask" => (ReturnKind.ValueTask, null),
                "global::System.Threading.Tasks.Task<TResult>" => (ReturnKind.TaskOfT, ((INamedTypeSymbol)type).TypeArguments[0]),
                "global::System.Threading.Tasks.ValueTask<TResult>" => (ReturnKind.ValueTaskOfT, ((INamedTypeSymbol)type).TypeArguments[0]),
                _ => type.IsRefLikeType ? (null, null) : (ReturnKind.Value, type),
            };
        }

        private static TypeSpec Classify(ITypeSymbol type, INamedTypeSymbol owner, IMethodSymbol method, bool hasJsonContext, Location? location, List<DiagnosticInfo> missingContext)
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
            if (kind == ValueKind.Json && !hasJsonContext)
            {
                missingContext.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JsonContextRequired, location, owner.Name + "." + method.Name, type.ToDisplayString()));
            }

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
