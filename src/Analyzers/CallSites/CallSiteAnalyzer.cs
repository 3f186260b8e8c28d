using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedSockets.Analyzers;

/// <summary>
/// The shared set-up of the call-site rules: one descriptor, one kind of operation, user code only, and nothing to do
/// in a compilation that does not reference TypedSockets.
/// </summary>
public abstract class CallSiteAnalyzer : DiagnosticAnalyzer
{
    private readonly OperationKind _kind;

    private protected CallSiteAnalyzer(DiagnosticDescriptor descriptor, OperationKind kind)
    {
        _kind = kind;
        SupportedDiagnostics = ImmutableArray.Create(descriptor);
    }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = new KnownTypes(start.Compilation);
            if (types.IsTypedSocketsReferenced)
            {
                start.RegisterOperationAction(operationContext => Analyze(operationContext, types), _kind);
            }
        });
    }

    /// <summary>Looks at one operation of the registered kind.</summary>
    private protected abstract void Analyze(OperationAnalysisContext context, KnownTypes types);
}
