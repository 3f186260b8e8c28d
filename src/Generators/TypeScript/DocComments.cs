using System.Linq;
using System.Text;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedSockets.Generators.TypeScript;

/// <summary>
/// The XML doc comment of a symbol as TSDoc text. Read from the syntax when the compiler did not parse documentation
/// (projects without GenerateDocumentationFile), so the comments carry over either way.
/// </summary>
internal static class DocComments
{
    /// <summary>The summary (and remarks) of <paramref name="symbol"/> as plain text, or null.</summary>
    public static string? Summary(ISymbol symbol) => Read(symbol) is { } doc ? Text(doc, "summary", "remarks") : null;

    /// <summary>The <c>&lt;param&gt;</c> text for <paramref name="name"/> in the comment of <paramref name="symbol"/>, or null.</summary>
    public static string? Parameter(ISymbol symbol, string name)
    {
        var doc = Read(symbol);
        var element = doc?.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == name);
        return element is null ? null : Normalize(Inline(element));
    }

    /// <summary>The <c>&lt;returns&gt;</c> text of <paramref name="symbol"/>, or null.</summary>
    public static string? Returns(ISymbol symbol) => Read(symbol) is { } doc ? Text(doc, "returns") : null;

    /// <summary>A TSDoc block indented by <paramref name="indent"/>, or nothing when <paramref name="text"/> is empty.</summary>
    public static void Write(StringBuilder builder, string? text, string indent)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var lines = text!.Replace("*/", "*\\/").Split('\n');
        if (lines.Length == 1)
        {
            builder.Append(indent).Append("/** ").Append(lines[0]).Append(" */\n");
            return;
        }

        builder.Append(indent).Append("/**\n");
        foreach (var line in lines)
        {
            builder.Append(indent).Append(line.Length == 0 ? " *" : " * " + line).Append('\n');
        }

        builder.Append(indent).Append(" */\n");
    }

    private static string? Text(XElement doc, params string[] names)
    {
        var parts = names
            .Select(name => doc.Element(name))
            .Where(static element => element is not null)
            .Select(static element => Normalize(Inline(element!)))
            .Where(static text => text.Length > 0)
            .ToArray();
        return parts.Length == 0 ? null : string.Join("\n\n", parts);
    }

    private static XElement? Read(ISymbol symbol)
    {
        var xml = symbol.GetDocumentationCommentXml(expandIncludes: false);
        if (string.IsNullOrWhiteSpace(xml))
        {
            xml = FromSyntax(symbol);
        }

        if (string.IsNullOrWhiteSpace(xml))
        {
            return null;
        }

        try
        {
            var root = XElement.Parse(xml!.TrimStart().StartsWith("<member", System.StringComparison.Ordinal) ? xml : "<member>" + xml + "</member>", LoadOptions.PreserveWhitespace);
            return root;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    /// <summary>The <c>///</c> lines above the declaration, without the slashes.</summary>
    private static string? FromSyntax(ISymbol symbol)
    {
        var reference = symbol.DeclaringSyntaxReferences.FirstOrDefault();
        if (reference is null)
        {
            return null;
        }

        var node = reference.GetSyntax();
        // A positional record's property is declared by its parameter; the comment sits on the record.
        if (node is Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax)
        {
            return null;
        }

        if (node is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Parent.Parent: { } field })
        {
            node = field;
        }

        var builder = new StringBuilder();
        foreach (var trivia in node.GetLeadingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.SingleLineCommentTrivia))
            {
                foreach (var line in trivia.ToFullString().Split('\n'))
                {
                    var trimmed = line.Trim();
                    if (trimmed.StartsWith("///", System.StringComparison.Ordinal))
                    {
                        builder.Append(trimmed.Substring(3)).Append('\n');
                    }
                }
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>Text of an element with <c>&lt;c&gt;</c> as code spans and <c>&lt;see cref/langword&gt;</c> as names.</summary>
    private static string Inline(XElement element)
    {
        var builder = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    builder.Append(text.Value);
                    break;
                case XElement { Name.LocalName: "c" or "code" } code:
                    builder.Append('`').Append(code.Value).Append('`');
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see:
                    var target = (string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? (string?)see.Attribute("href") ?? see.Value;
                    var colon = target.IndexOf(':');
                    target = colon == 1 ? target.Substring(2) : target;
                    builder.Append('`').Append(target.Substring(target.LastIndexOf('.') + 1)).Append('`');
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    builder.Append('`').Append((string?)reference.Attribute("name")).Append('`');
                    break;
                case XElement { Name.LocalName: "para" } para:
                    builder.Append("\n\n").Append(Inline(para)).Append("\n\n");
                    break;
                case XElement other:
                    builder.Append(Inline(other));
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Lines trimmed, runs of blank lines collapsed to one, no leading or trailing blank line.</summary>
    private static string Normalize(string text)
    {
        var lines = text.Replace("\r", string.Empty).Split('\n').Select(static line => line.Trim()).ToList();
        var builder = new StringBuilder();
        var blank = false;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank = builder.Length > 0;
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(blank ? "\n\n" : "\n");
            }

            builder.Append(line);
            blank = false;
        }

        return builder.ToString();
    }
}
