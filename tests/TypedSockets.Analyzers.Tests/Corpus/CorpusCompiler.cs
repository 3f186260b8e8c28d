using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedSockets.Analyzers.Tests.Corpus;

/// <summary>
/// Compiles one corpus entry in memory as a user's web project would build it against the packed package: nullable
/// enabled, the SDK's implicit usings, the generators, then the analyzers. Returns every warning and error (the
/// compiler's, the generators' and the analyzers'), each as "ID line:column 'text'", to compare with the entry's
/// markup: <c>{|TSK0003:Run|}</c> marks where one diagnostic is expected.
/// </summary>
internal static partial class CorpusCompiler
{
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.Extensions.DependencyInjection;
        global using System.Text.Json.Serialization;
        global using TypedSockets.Hubs;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    public static (IReadOnlyList<string> Expected, IReadOnlyList<string> Actual) Run(PackedPackage package, ContractCase entry)
    {
        var expected = new List<string>();
        var references = new List<MetadataReference>(package.References);
        var actual = new List<string>();
        if (entry.Library is not null)
        {
            var (librarySource, libraryExpected) = Parse(entry.Library, "Contracts.cs");
            expected.AddRange(libraryExpected);
            var library = Build(package, "Contracts", librarySource, "Contracts.cs", references, actual);
            using var stream = new MemoryStream();
            var emitted = library.Emit(stream);
            Assert.True(emitted.Success, string.Join('\n', emitted.Diagnostics));
            references.Add(MetadataReference.CreateFromImage(stream.ToArray()));
        }

        var (source, appExpected) = Parse(entry.Source, "Program.cs");
        expected.AddRange(appExpected);
        Build(package, "App", source, "Program.cs", references, actual);
        expected.Sort(StringComparer.Ordinal);
        actual.Sort(StringComparer.Ordinal);
        return (expected, actual);
    }

    private static Compilation Build(PackedPackage package, string name, string source, string path, List<MetadataReference> references, List<string> found)
    {
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, "GlobalUsings.g.cs"), CSharpSyntaxTree.ParseText(source, ParseOptions, path)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(package.Generators, parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);
        var diagnostics = generated
            .WithAnalyzers([.. package.Analyzers], new AnalyzerOptions([]))
            .GetAllDiagnosticsAsync().GetAwaiter().GetResult()
            .Concat(generatorDiagnostics);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity >= DiagnosticSeverity.Warning)
            {
                found.Add(Describe(diagnostic));
            }
        }

        return generated;
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var location = diagnostic.Location;
        if (!location.IsInSource)
        {
            return $"{diagnostic.Id} (no location): {diagnostic.GetMessage()}";
        }

        var position = location.GetLineSpan();
        var file = Path.GetFileName(location.SourceTree!.FilePath);
        var text = location.SourceTree.GetText().ToString(location.SourceSpan);
        return file is "Program.cs" or "Contracts.cs"
            ? $"{diagnostic.Id} {file} {position.StartLinePosition.Line + 1}:{position.StartLinePosition.Character + 1} '{text}'"
            : $"{diagnostic.Id} {file} {position.StartLinePosition.Line + 1}:{position.StartLinePosition.Character + 1} '{text}': {diagnostic.GetMessage()}";
    }

    /// <summary>The source without its markup, and the diagnostics the markup expects.</summary>
    private static (string Source, List<string> Expected) Parse(string markup, string file)
    {
        var expected = new List<string>();
        var source = new StringBuilder();
        var line = 1;
        var column = 1;
        var index = 0;
        while (index < markup.Length)
        {
            var match = Marker().Match(markup, index);
            var end = match.Success ? match.Index : markup.Length;
            Append(markup.AsSpan(index, end - index));
            if (!match.Success)
            {
                break;
            }

            var text = match.Groups["text"].Value;
            expected.Add($"{match.Groups["id"].Value} {file} {line}:{column} '{text}'");
            Append(text);
            index = match.Index + match.Length;
        }

        return (source.ToString(), expected);

        void Append(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                source.Append(c);
                if (c == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }
        }
    }

    [GeneratedRegex(@"\{\|(?<id>[A-Z]+\d+):(?<text>.*?)\|\}", RegexOptions.Singleline)]
    private static partial Regex Marker();
}

/// <summary>One contract of the corpus: its name, its source with markup, and an optional contracts library.</summary>
public sealed record ContractCase(string Name, string Source, string? Library = null)
{
    public override string ToString() => Name;
}
