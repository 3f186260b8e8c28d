using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedSockets.Analyzers;

/// <summary>
/// TSK3001: asking for a client result (a <c>Task&lt;T&gt;</c> client method) from a target that can be several clients,
/// chosen without <c>Clients.WithTimeout(…)</c>. The call itself is the mistake, not the await: a returned task, a
/// task kept and awaited later, <c>Task.WhenAll</c> and blocking waits all wait the same way.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientResultFromManyAnalyzer : CallSiteAnalyzer
{
    public ClientResultFromManyAnalyzer()
        : base(DiagnosticDescriptors.ClientResultFromMany, OperationKind.Invocation)
    {
    }

    private protected override void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!KnownTypes.Is(invocation.TargetMethod.ReturnType, types.TaskOfT))
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
