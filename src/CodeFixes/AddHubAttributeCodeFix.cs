using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using TypedSockets.Analyzers;

namespace TypedSockets.CodeFixes;

/// <summary>TSK0011: puts <c>[Hub]</c> on a class that derives <c>Hub&lt;TClient&gt;</c> but forgot it (namespace "/").</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddHubAttributeCodeFix)), Shared]
public sealed class AddHubAttributeCodeFix : SyntaxNodeCodeFix<ClassDeclarationSyntax>
{
    public AddHubAttributeCodeFix()
        : base("Add [Hub]", DiagnosticDescriptors.MissingHubAttribute)
    {
    }

    private protected override Task<Document> FixAsync(Document document, SyntaxNode root, ClassDeclarationSyntax declaration, CancellationToken cancellationToken) =>
        Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(declaration, AddHub(root, declaration))));

    /// <summary>
    /// The attribute goes on its own line above the class, at the class's indentation; it is written fully qualified
    /// and simplified to <c>[Hub]</c> where <c>TypedSockets.Hubs</c> is imported (it is, for <c>Hub&lt;T&gt;</c>).
    /// </summary>
    private static ClassDeclarationSyntax AddHub(SyntaxNode root, ClassDeclarationSyntax declaration)
    {
        var leading = declaration.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
        var newLine = root.DescendantTrivia().FirstOrDefault(static t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } found
            ? found
            : SyntaxFactory.EndOfLine("\n");
        var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(SyntaxFactory.ParseName("global::TypedSockets.Hubs.Hub").WithAdditionalAnnotations(Simplifier.Annotation))))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(newLine);
        var body = declaration.WithLeadingTrivia(indentation);
        return body.WithAttributeLists(body.AttributeLists.Insert(0, attribute));
    }
}
