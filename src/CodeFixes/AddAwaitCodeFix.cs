using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedSockets.Analyzers;

namespace TypedSockets.CodeFixes;

/// <summary>TSK3002: awaits the dropped task, making the enclosing method or lambda <c>async</c> when it is not.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddAwaitCodeFix)), Shared]
public sealed class AddAwaitCodeFix : SyntaxNodeCodeFix<InvocationExpressionSyntax>
{
    public AddAwaitCodeFix()
        : base("Await the task", DiagnosticDescriptors.DroppedTask)
    {
    }

    private protected override Task<Document> FixAsync(Document document, SyntaxNode root, InvocationExpressionSyntax invocation, CancellationToken cancellationToken) =>
        Task.FromResult(document.WithSyntaxRoot(AddAwait(root, invocation)));

    private static SyntaxNode AddAwait(SyntaxNode root, InvocationExpressionSyntax invocation)
    {
        var awaited = SyntaxFactory.AwaitExpression(invocation.WithoutLeadingTrivia()).WithLeadingTrivia(invocation.GetLeadingTrivia());
        var function = invocation.Ancestors().FirstOrDefault(static n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
        switch (function)
        {
            case MethodDeclarationSyntax method when !method.Modifiers.Any(SyntaxKind.AsyncKeyword):
                return root.ReplaceNode(method, method.ReplaceNode(invocation, awaited).AddModifiers(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
            case LocalFunctionStatementSyntax local when !local.Modifiers.Any(SyntaxKind.AsyncKeyword):
                return root.ReplaceNode(local, local.ReplaceNode(invocation, awaited).AddModifiers(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
            case AnonymousFunctionExpressionSyntax lambda when lambda.AsyncKeyword.IsKind(SyntaxKind.None):
                var replaced = lambda.ReplaceNode(invocation, awaited);
                return root.ReplaceNode(lambda, replaced.WithAsyncKeyword(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space)).WithLeadingTrivia(lambda.GetLeadingTrivia()));
            default:
                return root.ReplaceNode(invocation, awaited);
        }
    }
}
