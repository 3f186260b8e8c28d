using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using TypedSockets.Analyzers;

namespace TypedSockets.CodeFixes;

/// <summary>TSK0003/TSK0004: <c>void</c> becomes <c>Task</c>, <c>T</c> becomes <c>Task&lt;T&gt;</c>, <c>ValueTask[&lt;T&gt;]</c> becomes <c>Task[&lt;T&gt;]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WrapReturnTypeInTaskCodeFix)), Shared]
public sealed class WrapReturnTypeInTaskCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.HubMethodReturnType.Id, DiagnosticDescriptors.ClientMethodReturnType.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is { } method)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Wrap the return type in Task", token => WrapAsync(context.Document, method, token), nameof(WrapReturnTypeInTaskCodeFix)),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> WrapAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var returnType = model?.GetTypeInfo(method.ReturnType, cancellationToken).Type;
        string? result = returnType switch
        {
            null => null,
            { SpecialType: SpecialType.System_Void } => null,
            INamedTypeSymbol { Name: "ValueTask", TypeArguments.Length: 0 } => null,
            INamedTypeSymbol { Name: "ValueTask", TypeArguments.Length: 1 } valueTask => valueTask.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            _ => returnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
        };
        var task = SyntaxFactory.ParseTypeName(result is null ? "global::System.Threading.Tasks.Task" : $"global::System.Threading.Tasks.Task<{result}>")
            .WithTriviaFrom(method.ReturnType)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(method.ReturnType, task));
    }
}
