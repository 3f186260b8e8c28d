using System;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace TypedSockets.Generators;

/// <summary>Writes C# source line by line with tracked indentation (four spaces a level).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indentation;

    public void Indent() => _indentation++;

    public void Unindent()
    {
        if (_indentation == 0)
        {
            throw new InvalidOperationException("Unindent without a matching Indent.");
        }

        _indentation--;
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public void OpenBlock()
    {
        WriteLine("{");
        Indent();
    }

    /// <summary>Unindents and writes <c>}</c> followed by <paramref name="suffix"/>.</summary>
    public void CloseBlock(string suffix = "")
    {
        Unindent();
        WriteLine("}" + suffix);
    }

    public void WriteLine()
    {
        _builder.Append('\n');
    }

    public void WriteLine(string text)
    {
        _builder.Append(' ', _indentation * 4).Append(text).Append('\n');
    }

    public SourceText ToSourceText()
    {
        if (_indentation != 0)
        {
            throw new InvalidOperationException("Source ends with unclosed indentation.");
        }

        return SourceText.From(_builder.ToString(), Encoding.UTF8);
    }
}
