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

/// <summary>TSK2001: adds <c>[JsonSerializable(typeof(T))]</c> to the JsonSerializerContext the diagnostic names.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddJsonSerializableCodeFix)), Shared]
public sealed class AddJsonSerializableCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.MissingJsonSerializable.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(ContractValidator.ContextProperty, out var contextId) && contextId is not null
                && diagnostic.Properties.TryGetValue(ContractValidator.TypeProperty, out var type) && type is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Add [JsonSerializable(typeof({type.Replace("global::", string.Empty)}))] to the context", token => AddAsync(context.Document.Project.Solution, context.Document.Project.Id, contextId, type, token), nameof(AddJsonSerializableCodeFix) + type),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static async Task<Solution> AddAsync(Solution solution, ProjectId projectId, string contextId, string type, CancellationToken cancellationToken)
    {
        var compilation = await solution.GetProject(projectId)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || DocumentationCommentId.GetFirstSymbolForDeclarationId(contextId, compilation) is not INamedTypeSymbol context)
        {
            return solution;
        }

        foreach (var reference in context.DeclaringSyntaxReferences)
        {
            if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not ClassDeclarationSyntax declaration || solution.GetDocument(declaration.SyntaxTree) is not { } document)
            {
                continue;
            }

            var attribute = SyntaxFactory.Attribute(
                (NameSyntax)SyntaxFactory.ParseName("global::System.Text.Json.Serialization.JsonSerializable").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(
                    SyntaxFactory.TypeOfExpression(SyntaxFactory.ParseTypeName(type).WithAdditionalAnnotations(Simplifier.Annotation))))));
            var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute));
            var updated = declaration.AttributeLists.Count == 0
                ? declaration.WithoutLeadingTrivia().AddAttributeLists(list.WithLeadingTrivia(declaration.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))
                : declaration.WithAttributeLists(declaration.AttributeLists.Add(list.WithLeadingTrivia(declaration.AttributeLists.Last().GetLeadingTrivia()).WithTrailingTrivia(declaration.AttributeLists.Last().GetTrailingTrivia())));
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return solution.WithDocumentSyntaxRoot(document.Id, root!.ReplaceNode(declaration, updated));
        }

        return solution;
    }
}
