using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedSockets.Generators;
using TypedSockets.Hubs;

namespace TypedSockets.Tests.Generators;

/// <summary>Runs <see cref="HubGenerator"/> in process over source text, with the framework and TypedSockets as references.</summary>
internal static class GeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "GeneratorInput",
        sources.Select(static s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Preview))),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(AnalyzerConfigOptionsProvider? options = null) => CSharpGeneratorDriver.Create(
        [new HubGenerator().AsSourceGenerator()],
        parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
        optionsProvider: options,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorDriverRunResult Run(params string[] sources) =>
        CreateDriver().RunGenerators(Compile(sources)).GetRunResult();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = paths
            .Where(static p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll"
                || Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || Path.GetFileName(p).StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal))
            .Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(Hub<>).Assembly.Location));
        return [.. references];
    }
}
