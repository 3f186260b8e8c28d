using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedSockets.Analyzers;

/// <summary>
/// TSK3001: awaiting a client result (a <c>Task&lt;T&gt;</c> client method) from a target that can be several clients,
/// chosen without <c>Clients.WithTimeout(…)</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientResultFromManyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ClientResultFromMany);

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

            start.RegisterOperationAction(operationContext =>
            {
                var awaitOperation = (IAwaitOperation)operationContext.Operation;
                var invocation = ClientProxyCall.Unwrap(awaitOperation.Operation);
                if (invocation is null || !KnownTypes.Is(invocation.TargetMethod.ReturnType, types.TaskOfT))
                {
                    return;
                }

                var recipients = ClientProxyCall.Recipients(invocation, types);
                if (recipients is not null && !ClientProxyCall.IsSingleRecipient(recipients) && ClientProxyCall.LacksTimeout(invocation, types))
                {
                    operationContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ClientResultFromMany, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name, "Clients." + recipients));
                }
            }, OperationKind.Await);
        });
    }
}
