using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using TypedSockets.Analyzers;

namespace TypedSockets.CodeFixes;

/// <summary>
/// TSK3001: chooses the recipients from <c>Clients.WithTimeout(TimeSpan.FromSeconds(30))</c>, the default of
/// <c>HubOptions.ClientResultTimeout</c>, so the wait becomes a visible choice of the call for the user to tune.
/// Offered when <c>Clients</c> is part of the flagged expression (not when it went through a local).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddWithTimeoutCodeFix)), Shared]
public sealed class AddWithTimeoutCodeFix : SyntaxNodeCodeFix<InvocationExpressionSyntax>
{
    public AddWithTimeoutCodeFix()
        : base("Wait at most 30 seconds: Clients.WithTimeout(…)", DiagnosticDescriptors.ClientResultFromMany)
    {
    }

    private protected override bool CanFix(Diagnostic diagnostic, InvocationExpressionSyntax invocation) => FindClients(invocation) is not null;

    private protected override Task<Document> FixAsync(Document document, SyntaxNode root, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        var clients = FindClients(invocation)!;
        var timeSpan = SyntaxFactory.ParseTypeName("global::System.TimeSpan").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var timeout = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, timeSpan, SyntaxFactory.IdentifierName("FromSeconds")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(30))))));
        var timed = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, clients.WithoutTrivia(), SyntaxFactory.IdentifierName("WithTimeout")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(timeout))));
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(clients, timed.WithTriviaFrom(clients))));
    }

    /// <summary>The <c>Clients</c> (or <c>context.Clients</c>) the recipients are chosen from: <c>Clients.Room(r).Confirm()</c>.</summary>
    private static ExpressionSyntax? FindClients(InvocationExpressionSyntax invocation)
    {
        ExpressionSyntax? expression = invocation.Expression;
        while (expression is not null)
        {
            switch (expression)
            {
                case IdentifierNameSyntax { Identifier.ValueText: "Clients" }:
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Clients" }:
                    return expression;
                case MemberAccessExpressionSyntax member:
                    expression = member.Expression;
                    break;
                case InvocationExpressionSyntax call:
                    expression = call.Expression;
                    break;
                default:
                    return null;
            }
        }

        return null;
    }
}
