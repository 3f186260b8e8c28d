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

/// <summary>TSK0003/TSK0004: <c>void</c> becomes <c>Task</c>, <c>T</c> becomes <c>Task&lt;T&gt;</c>, <c>ValueTask[&lt;T&gt;]</c> becomes <c>Task[&lt;T&gt;]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WrapReturnTypeInTaskCodeFix)), Shared]
public sealed class WrapReturnTypeInTaskCodeFix : SyntaxNodeCodeFix<MethodDeclarationSyntax>
{
    public WrapReturnTypeInTaskCodeFix()
        : base("Wrap the return type in Task", DiagnosticDescriptors.HubMethodReturnType, DiagnosticDescriptors.ClientMethodReturnType)
    {
    }

    private protected override async Task<Document> FixAsync(Document document, SyntaxNode root, MethodDeclarationSyntax method, CancellationToken cancellationToken)
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
        return document.WithSyntaxRoot(root.ReplaceNode(method.ReturnType, task));
    }
}
