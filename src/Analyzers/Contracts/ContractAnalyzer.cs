using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedSockets.Analyzers;

/// <summary>
/// Checks every <c>[Hub]</c> and <c>[TypedSocketsClient]</c> class and the contracts they use (TSK0xxx, TSK1xxx,
/// TSK2xxx), that no two hubs share a namespace (TSK1004), and that no concrete class derives Hub&lt;TClient&gt;
/// without <c>[Hub]</c> (TSK0011).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ContractMustBeInterface,
        DiagnosticDescriptors.ContractMemberNotMethod,
        DiagnosticDescriptors.HubMethodReturnType,
        DiagnosticDescriptors.ClientMethodReturnType,
        DiagnosticDescriptors.ParameterKind,
        DiagnosticDescriptors.CancellationTokenPlacement,
        DiagnosticDescriptors.GenericContract,
        DiagnosticDescriptors.HubClassShape,
        DiagnosticDescriptors.EventAttributeOnImplementation,
        DiagnosticDescriptors.HubBaseAndContract,
        DiagnosticDescriptors.MissingHubAttribute,
        DiagnosticDescriptors.DuplicateEventName,
        DiagnosticDescriptors.ReservedEventName,
        DiagnosticDescriptors.InvalidName,
        DiagnosticDescriptors.DuplicateNamespace,
        DiagnosticDescriptors.MissingJsonSerializable,
        DiagnosticDescriptors.TypeCannotTravel,
        DiagnosticDescriptors.UntypedPayload,
        DiagnosticDescriptors.InvalidJsonContext);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var types = new KnownTypes(start.Compilation);
            if (!types.IsTypedSocketsReferenced)
            {
                return;
            }

            var compilation = start.Compilation;
            var jsonContexts = new System.Lazy<ImmutableArray<INamedTypeSymbol>>(() => FindTypes(compilation.Assembly.GlobalNamespace, type => KnownTypes.DerivesFrom(type, types.JsonSerializerContext)));
            var owners = new System.Lazy<ImmutableArray<INamedTypeSymbol>>(() => FindTypes(compilation.Assembly.GlobalNamespace, type => Attributes(type, types).Any()));
            var namespaces = new ConcurrentBag<(string Namespace, INamedTypeSymbol Hub)>();

            // A contract shared by a hub and a typed client is checked for each; each finding is reported once.
            var reported = new ConcurrentDictionary<(string Id, Location Location, string Message), bool>();
            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;

                // A finding is reported while analyzing the type that declares its location (so it is local to that
                // type and its code fix is offered live); one in another assembly goes to the hub or client using it.
                void Validate(INamedTypeSymbol owner, AttributeData attribute, bool isHub)
                {
                    var validator = new ContractValidator(types, () => jsonContexts.Value, Report, IsPublishingAot(symbolContext.Options));
                    void Report(Diagnostic diagnostic)
                    {
                        var inSource = diagnostic.Location.SourceTree is { } tree && compilation.ContainsSyntaxTree(tree);
                        if (inSource && !Declares(type, diagnostic.Location))
                        {
                            return;
                        }

                        if (!inSource)
                        {
                            if (!SymbolEqualityComparer.Default.Equals(type, owner))
                            {
                                return;
                            }

                            var descriptor = diagnostic.Descriptor;
                            diagnostic = Diagnostic.Create(
                                descriptor.Id, descriptor.Category, diagnostic.GetMessage(), diagnostic.Severity, descriptor.DefaultSeverity, descriptor.IsEnabledByDefault,
                                diagnostic.WarningLevel, descriptor.Title, descriptor.Description, descriptor.HelpLinkUri, owner.Locations.FirstOrDefault(), properties: diagnostic.Properties);
                        }

                        if (reported.TryAdd((diagnostic.Id, diagnostic.Location, diagnostic.GetMessage()), true))
                        {
                            symbolContext.ReportDiagnostic(diagnostic);
                        }
                    }

                    if (isHub)
                    {
                        validator.ValidateHub(owner, attribute);
                    }
                    else
                    {
                        validator.ValidateClient(owner, attribute);
                    }
                }

                if (type.TypeKind == TypeKind.Interface)
                {
                    foreach (var owner in owners.Value)
                    {
                        foreach (var (attribute, isHub) in Attributes(owner, types))
                        {
                            if (Contracts(owner, attribute, isHub, types).Any(contract => contract.OriginalDefinition.Equals(type, SymbolEqualityComparer.Default)))
                            {
                                Validate(owner, attribute, isHub);
                            }
                        }
                    }

                    return;
                }

                // Not a hub, so nothing else is checked: its contract is not a contract until it has [Hub].
                if (ForgottenHub.Is(type, types))
                {
                    symbolContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.MissingHubAttribute, type.Locations.FirstOrDefault(), type.Name, type.BaseType!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                    return;
                }

                foreach (var (attribute, isHub) in Attributes(type, types))
                {
                    Validate(type, attribute, isHub);
                    if (isHub)
                    {
                        var socketNamespace = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string name ? name : "/";
                        namespaces.Add((socketNamespace, type));
                    }
                }
            }, SymbolKind.NamedType);

            start.RegisterCompilationEndAction(end =>
            {
                foreach (var group in namespaces.GroupBy(static n => n.Namespace, System.StringComparer.Ordinal))
                {
                    var hubs = group.Select(static g => g.Hub).OrderBy(static h => h.ToDisplayString(), System.StringComparer.Ordinal).ToList();
                    for (var i = 1; i < hubs.Count; i++)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateNamespace, hubs[i].Locations.FirstOrDefault(), hubs[i].Name, hubs[0].Name, group.Key));
                    }
                }
            });
        });
    }

    /// <summary>build/TypedSockets.props makes PublishAot visible to analyzers.</summary>
    private static bool IsPublishingAot(AnalyzerOptions options) =>
        options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.PublishAot", out var value)
        && string.Equals(value, "true", System.StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<(AttributeData Attribute, bool IsHub)> Attributes(INamedTypeSymbol type, KnownTypes types)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (KnownTypes.Is(attribute.AttributeClass, types.HubAttribute))
            {
                yield return (attribute, true);
            }
            else if (KnownTypes.Is(attribute.AttributeClass, types.ClientAttribute))
            {
                yield return (attribute, false);
            }
        }
    }

    /// <summary>Every interface whose members the validator checks for this hub or client, base contracts included.</summary>
    private static IEnumerable<INamedTypeSymbol> Contracts(INamedTypeSymbol owner, AttributeData attribute, bool isHub, KnownTypes types)
    {
        var roots = new List<INamedTypeSymbol>();
        if (isHub)
        {
            roots.AddRange(owner.Interfaces);
            if (types.ClientContractOf(owner) is INamedTypeSymbol client)
            {
                roots.Add(client);
            }
        }
        else
        {
            roots.AddRange(attribute.ConstructorArguments.Select(static a => a.Value).OfType<INamedTypeSymbol>());
        }

        return roots.Where(static r => r.TypeKind == TypeKind.Interface).SelectMany(static r => r.AllInterfaces.Add(r));
    }

    private static bool Declares(INamedTypeSymbol type, Location location) =>
        type.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == location.SourceTree && r.Span.Contains(location.SourceSpan));

    private static ImmutableArray<INamedTypeSymbol> FindTypes(INamespaceSymbol root, System.Func<INamedTypeSymbol, bool> predicate)
    {
        var found = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    pending.Push(ns);
                }
                else if (member is INamedTypeSymbol type)
                {
                    if (predicate(type))
                    {
                        found.Add(type);
                    }

                    pending.Push(type);
                }
            }
        }

        return found.ToImmutable();
    }
}
