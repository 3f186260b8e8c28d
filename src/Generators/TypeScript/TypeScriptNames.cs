using System.Collections.Generic;
using System.Text;

namespace TypedSockets.Generators.TypeScript;

/// <summary>Names of the generated file: unique exported names, quoted strings, property keys, parameter names.</summary>
internal sealed class TypeScriptNames
{
    private static readonly HashSet<string> Reserved = new()
    {
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
        "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
        "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
        "let", "static", "implements", "interface", "package", "private", "protected", "public", "await", "arguments", "eval",
    };

    private static readonly HashSet<string> Builtin = new()
    {
        "Array", "ArrayBuffer", "Uint8Array", "Record", "Partial", "Required", "Readonly", "Pick", "Omit", "Date",
        "Map", "Set", "Promise", "Error", "Object", "String", "Number", "Boolean", "Function", "Symbol", "unknown", "any", "never",
    };

    private readonly HashSet<string> _taken = new(Builtin);

    /// <summary><paramref name="preferred"/>, or it followed by the first free number (2, 3, ...).</summary>
    public string Reserve(string preferred)
    {
        var name = preferred;
        for (var i = 2; !_taken.Add(name); i++)
        {
            name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>A TypeScript string literal (JSON escaping, which TypeScript accepts).</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ' || c == '\u2028' || c == '\u2029')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A property key: bare when it is an identifier, quoted otherwise.</summary>
    public static string PropertyName(string name) => IsIdentifier(name) ? name : Quote(name);

    /// <summary>A parameter name of a function type: the C# name, with a trailing underscore when TypeScript reserves it.</summary>
    public static string Parameter(string name)
    {
        name = name.TrimStart('@');
        return Reserved.Contains(name) || !IsIdentifier(name) ? name + "_" : name;
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || char.IsDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '$'))
            {
                return false;
            }
        }

        return true;
    }
}
