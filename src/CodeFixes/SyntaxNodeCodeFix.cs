using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace TypedSockets.CodeFixes;

/// <summary>
/// A code fix that rewrites the innermost <typeparamref name="TNode"/> around a diagnostic's squiggle, in the
/// diagnostic's document: one action per diagnostic, batch fix-all, the derived class's name as equivalence key.
/// </summary>
public abstract class SyntaxNodeCodeFix<TNode> : CodeFixProvider
    where TNode : SyntaxNode
{
    private readonly string _title;

    private protected SyntaxNodeCodeFix(string title, params DiagnosticDescriptor[] fixes)
    {
        _title = title;
        FixableDiagnosticIds = fixes.Select(static d => d.Id).ToImmutableArray();
    }

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<TNode>().FirstOrDefault() is { } node
                && CanFix(diagnostic, node))
            {
                context.RegisterCodeFix(CodeAction.Create(_title, token => FixAsync(context.Document, root, node, token), GetType().Name), diagnostic);
            }
        }
    }

    /// <summary>Whether the fix applies here (a rule can have causes, or code shapes, it cannot mend).</summary>
    private protected virtual bool CanFix(Diagnostic diagnostic, TNode node) => true;

    private protected abstract Task<Document> FixAsync(Document document, SyntaxNode root, TNode node, CancellationToken cancellationToken);
}
