using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedSockets.Analyzers;

namespace TypedSockets.CodeFixes;

/// <summary>TSK0008: makes a hub or typed client class <c>partial</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFix)), Shared]
public sealed class AddPartialCodeFix : SyntaxNodeCodeFix<ClassDeclarationSyntax>
{
    public AddPartialCodeFix()
        : base("Add 'partial'", DiagnosticDescriptors.HubClassShape)
    {
    }

    private protected override bool CanFix(Diagnostic diagnostic, ClassDeclarationSyntax declaration) =>
        diagnostic.Properties.TryGetValue(ContractValidator.FixProperty, out var fix) && fix == ContractValidator.AddPartialFix;

    private protected override Task<Document> FixAsync(Document document, SyntaxNode root, ClassDeclarationSyntax declaration, CancellationToken cancellationToken) =>
        Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(declaration, AddPartial(declaration))));

    private static ClassDeclarationSyntax AddPartial(ClassDeclarationSyntax declaration)
    {
        // 'partial' goes last among the modifiers, right before 'class'.
        if (declaration.Modifiers.Count == 0)
        {
            return declaration
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithLeadingTrivia(declaration.Keyword.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space)))
                .WithKeyword(declaration.Keyword.WithLeadingTrivia());
        }

        return declaration.WithModifiers(declaration.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
    }
}
