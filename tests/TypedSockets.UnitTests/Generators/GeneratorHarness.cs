using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedSockets.Generators;
using TypedSockets.Hubs;
using TypedSockets.Testing;

namespace TypedSockets.Tests.Generators;

/// <summary>Runs <see cref="HubGenerator"/> in process over source text, with the framework and TypedSockets as references.</summary>
internal static class GeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> References = RuntimeReferences.All;

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
}
