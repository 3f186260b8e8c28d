using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedSockets.Analyzers;

/// <summary>
/// Checks every <c>[Hub]</c> and <c>[TypedSocketsClient]</c> class and the contracts they use (TSK0xxx, TSK1xxx,
/// TSK2xxx), and that no two hubs share a namespace (TSK1004).
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
        DiagnosticDescriptors.HubBaseAndContract,
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
            var jsonContexts = new System.Lazy<ImmutableArray<INamedTypeSymbol>>(() => FindJsonContexts(compilation.Assembly.GlobalNamespace, types));
            var namespaces = new ConcurrentBag<(string Namespace, INamedTypeSymbol Hub)>();

            // A contract shared by a hub and a typed client is checked twice; each finding is reported once.
            var reported = new ConcurrentDictionary<(string Id, Location? Location, string Message), bool>();
            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                void Report(Diagnostic diagnostic)
                {
                    if (reported.TryAdd((diagnostic.Id, diagnostic.Location, diagnostic.GetMessage()), true))
                    {
                        symbolContext.ReportDiagnostic(diagnostic);
                    }
                }

                var validator = new ContractValidator(types, () => jsonContexts.Value, Report);
                foreach (var attribute in type.GetAttributes())
                {
                    if (KnownTypes.Is(attribute.AttributeClass, types.HubAttribute))
                    {
                        validator.ValidateHub(type, attribute);
                        var socketNamespace = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string name ? name : "/";
                        namespaces.Add((socketNamespace, type));
                    }
                    else if (KnownTypes.Is(attribute.AttributeClass, types.ClientAttribute))
                    {
                        validator.ValidateClient(type, attribute);
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

    private static ImmutableArray<INamedTypeSymbol> FindJsonContexts(INamespaceSymbol root, KnownTypes types)
    {
        var contexts = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        var pending = new System.Collections.Generic.Stack<INamespaceOrTypeSymbol>();
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
                    if (KnownTypes.DerivesFrom(type, types.JsonSerializerContext))
                    {
                        contexts.Add(type);
                    }

                    pending.Push(type);
                }
            }
        }

        return contexts.ToImmutable();
    }
}
