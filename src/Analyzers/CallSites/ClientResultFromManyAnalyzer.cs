using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedSockets.Analyzers;

/// <summary>
/// TSK3001: awaiting a client result (a <c>Task&lt;T&gt;</c> client method) from a target that can be several clients,
/// chosen without <c>Clients.WithTimeout(…)</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientResultFromManyAnalyzer : CallSiteAnalyzer
{
    public ClientResultFromManyAnalyzer()
        : base(DiagnosticDescriptors.ClientResultFromMany, OperationKind.Await)
    {
    }

    private protected override void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var awaitOperation = (IAwaitOperation)context.Operation;
        var invocation = ClientProxyCall.Unwrap(awaitOperation.Operation);
        if (invocation is null || !KnownTypes.Is(invocation.TargetMethod.ReturnType, types.TaskOfT))
        {
            return;
        }

        var recipients = ClientProxyCall.Recipients(invocation, types);
        if (recipients is not null && !ClientProxyCall.IsSingleRecipient(recipients) && ClientProxyCall.LacksTimeout(invocation, types))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ClientResultFromMany, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name, "Clients." + recipients));
        }
    }
}
