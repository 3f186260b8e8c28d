using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedSockets.Analyzers;

/// <summary>
/// TSK0011: a concrete class that derives <c>Hub&lt;TClient&gt;</c> itself but has no <c>[Hub]</c>, so no generator
/// sees it and <c>MapHub</c> would fail with CS0311. One rule for both sides: the analyzer reports it, the generator
/// gives a partial, top-level, non-generic such class a dispatch-less definition so that the TSK error is the only one.
/// Abstract classes are bases for hubs (a user's own <c>ChatHubBase : Hub&lt;IChatClient&gt;</c>) and never flagged;
/// nor are classes deriving <c>Hub&lt;TClient&gt;</c> through another class (that class is then a base for hubs).
/// </summary>
internal static class ForgottenHub
{
    /// <summary>
    /// The generator's cheap syntactic filter: a partial, non-generic class at namespace level whose first base type
    /// is spelled <c>Hub&lt;…&gt;</c> (any qualification). The semantic check decides.
    /// </summary>
    public static bool CanTakeDefinition(SyntaxNode node) =>
        node is ClassDeclarationSyntax { TypeParameterList: null, BaseList.Types.Count: > 0 } declaration
        && declaration.Parent is BaseNamespaceDeclarationSyntax or CompilationUnitSyntax
        && declaration.Modifiers.Any(SyntaxKind.PartialKeyword)
        && NamesHub(declaration.BaseList!.Types[0].Type);

    /// <summary>Whether the class derives <c>Hub&lt;TClient&gt;</c> directly, is concrete and has no <c>[Hub]</c>.</summary>
    public static bool Is(INamedTypeSymbol type, KnownTypes types) =>
        type.TypeKind == TypeKind.Class
        && !type.IsAbstract
        && !type.IsStatic
        && types.HubAttribute is not null
        && KnownTypes.Is(type.BaseType, types.Hub)
        && !type.GetAttributes().Any(a => KnownTypes.Is(a.AttributeClass, types.HubAttribute) || KnownTypes.Is(a.AttributeClass, types.ClientAttribute));

    /// <summary>
    /// Whether <paramref name="declaration"/> is the one declaration of a partial class the generator answers for:
    /// the first that passes <see cref="CanTakeDefinition"/>, so that a class in several parts gets one definition.
    /// </summary>
    public static bool IsFirstDeclaration(INamedTypeSymbol type, SyntaxNode declaration, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (CanTakeDefinition(syntax))
            {
                return syntax.SyntaxTree == declaration.SyntaxTree && syntax.Span == declaration.Span;
            }
        }

        return false;
    }

    private static bool NamesHub(TypeSyntax type) => type switch
    {
        GenericNameSyntax name => name.Identifier.ValueText == "Hub" && name.TypeArgumentList.Arguments.Count == 1,
        QualifiedNameSyntax qualified => NamesHub(qualified.Right),
        AliasQualifiedNameSyntax alias => NamesHub(alias.Name),
        _ => false,
    };
}
