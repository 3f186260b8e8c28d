using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TypedSockets.Analyzers;
using TypedSockets.Generators.Model;

namespace TypedSockets.Generators;

/// <summary>
/// Writes, for every <c>[Hub]</c> class, its event dispatch, its typed client proxy and its registration; for every
/// <c>[TypedSocketsClient]</c> class, the typed C# client. Interfaces are the single source of truth. A class deriving
/// <c>Hub&lt;TClient&gt;</c> that forgot <c>[Hub]</c> gets only a definition (the analyzer reports TSK0011).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class HubGenerator : IIncrementalGenerator
{
    public const string HubAttributeName = "TypedSockets.Hubs.HubAttribute";
    public const string ClientAttributeName = "TypedSockets.Client.TypedSocketsClientAttribute";
    public const string JsonSerializableAttributeName = "System.Text.Json.Serialization.JsonSerializableAttribute";

    /// <summary>Tracking names of the pipeline steps (tests assert on their run reasons).</summary>
    public static class TrackingNames
    {
        public const string Hubs = nameof(Hubs);
        public const string HubSpecs = nameof(HubSpecs);
        public const string ForgottenHubs = nameof(ForgottenHubs);
        public const string Clients = nameof(Clients);
        public const string ClientSpecs = nameof(ClientSpecs);
        public const string JsonContexts = nameof(JsonContexts);
        public const string ResolvedHubs = nameof(ResolvedHubs);
        public const string ResolvedClients = nameof(ResolvedClients);
    }

    /// <summary>
    /// A key of a global analyzer config (<c>.globalconfig</c>) for tests of the failure path: when set, writing each
    /// hub or client throws an exception with this message, which must come out as TSK9000 (and no code). Nothing
    /// else makes the generator throw on purpose, so without it that path could not be proven.
    /// </summary>
    public const string TestFailureOption = "typedsockets.generator_test_failure";

    private static readonly string Version = typeof(HubGenerator).Assembly.GetName().Version?.ToString() ?? "1.0.0.0";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var testFailure = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => provider.GlobalOptions.TryGetValue(TestFailureOption, out var message) ? message : null);

        // The compilation's JsonSerializerContexts, for hubs and clients that name none.
        var jsonContexts = context.SyntaxProvider
            .ForAttributeWithMetadataName(JsonSerializableAttributeName, static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax, static (context, token) => Parser.ParseJsonContext(context, token))
            .Where(static spec => spec is not null)
            .Collect()
            .Select(static (specs, _) => new EquatableArray<JsonContextSpec>(specs.Select(static spec => spec!)))
            .WithTrackingName(TrackingNames.JsonContexts);

        var hubs = context.SyntaxProvider
            .ForAttributeWithMetadataName(HubAttributeName, static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax, static (context, token) => Parser.ParseHub(context, token))
            .WithTrackingName(TrackingNames.Hubs);
        context.RegisterSourceOutput(hubs, static (context, result) => ReportDiagnostics(context, result.Diagnostics));
        var hubSpecs = hubs
            .Select(static (result, _) => result.Spec)
            .WithTrackingName(TrackingNames.HubSpecs);
        var resolvedHubs = hubSpecs
            .Combine(jsonContexts)
            .Select(static (pair, _) => JsonContexts.Resolve(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ResolvedHubs);
        context.RegisterSourceOutput(resolvedHubs.Combine(testFailure), static (context, pair) =>
        {
            var (result, failure) = pair;
            ReportDiagnostics(context, result.Diagnostics);
            if (result.Spec is { } spec)
            {
                Emit(context, spec.Type, "Dispatch", failure, () => Emitter.EmitHub(spec));
            }
        });

        // A concrete class deriving Hub<TClient> without [Hub] (TSK0011 from the analyzer) gets a definition too, so
        // that MapHub does not add CS0311. The predicate is syntax only; the semantic check drops real hubs.
        var forgottenHubs = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => ForgottenHub.CanTakeDefinition(node), static (context, token) => Parser.ParseForgottenHub(context, token))
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(TrackingNames.ForgottenHubs);
        context.RegisterSourceOutput(forgottenHubs.Combine(testFailure), static (context, pair) =>
        {
            var (result, failure) = pair;
            ReportDiagnostics(context, result.Diagnostics);
            if (result.Spec is { } spec)
            {
                Emit(context, spec.Type, "Dispatch", failure, () => Emitter.EmitHub(spec));
            }
        });

        var clients = context.SyntaxProvider
            .ForAttributeWithMetadataName(ClientAttributeName, static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax, static (context, token) => Parser.ParseClient(context, token))
            .WithTrackingName(TrackingNames.Clients);
        context.RegisterSourceOutput(clients, static (context, result) => ReportDiagnostics(context, result.Diagnostics));
        var clientSpecs = clients
            .Select(static (result, _) => result.Spec)
            .WithTrackingName(TrackingNames.ClientSpecs);
        var resolvedClients = clientSpecs
            .Combine(jsonContexts)
            .Select(static (pair, _) => JsonContexts.Resolve(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ResolvedClients);
        context.RegisterSourceOutput(resolvedClients.Combine(testFailure), static (context, pair) =>
        {
            var (result, failure) = pair;
            ReportDiagnostics(context, result.Diagnostics);
            if (result.Spec is { } spec)
            {
                Emit(context, spec.Type, "Client", failure, () => Emitter.EmitClient(spec));
            }
        });

        TypeScript.TypeScriptDeclarations.Register(context);
    }

    /// <summary>
    /// Writes one generated file. An exception here would otherwise reach Roslyn, which only warns (CS8785) and leaves
    /// the hub without code; it becomes TSK9000, an error naming the type and the exception, and no file.
    /// </summary>
    private static void Emit(SourceProductionContext context, TypeDeclarationSpec type, string part, string? testFailure, System.Func<SourceText> emit)
    {
        try
        {
            if (testFailure is not null)
            {
                throw new System.InvalidOperationException(testFailure);
            }

            context.AddSource(HintName(type, part), emit());
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            context.ReportDiagnostic(FailureDiagnostic(type.Name, null, exception).ToDiagnostic());
        }
    }

    /// <summary>TSK9000 for an exception while reading or writing <paramref name="typeName"/>.</summary>
    private static DiagnosticInfo FailureDiagnostic(string typeName, Location? location, System.Exception exception) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorFailure, location, typeName, exception.GetType().Name + ": " + exception.Message);

    private static string HintName(TypeDeclarationSpec type, string part) =>
        type.Namespace is null ? $"{type.Name}.{part}.g.cs" : $"{type.Namespace}.{type.Name}.{part}.g.cs";

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}
