using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedSockets.Analyzers;

namespace TypedSockets.CodeFixes;

/// <summary>TSK0008: makes a hub or typed client class <c>partial</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFix)), Shared]
public sealed class AddPartialCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.HubClassShape.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ContractValidator.FixProperty, out var fix) || fix != ContractValidator.AddPartialFix
                || root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault() is not { } declaration)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Add 'partial'", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, AddPartial(declaration)))), nameof(AddPartialCodeFix)),
                diagnostic);
        }
    }

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
