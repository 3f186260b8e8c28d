using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using TypedSockets.Hubs;
using TypedSockets.Testing;

namespace TypedSockets.Analyzers.Tests;

/// <summary>
/// Runs an analyzer (and a code fix) over markup such as <c>Task {|TSK0003:Join|}(string room);</c>. References are
/// the running test's own framework assemblies plus TypedSockets.dll, so nothing is downloaded.
/// </summary>
internal static class Verifier
{
    private static readonly ImmutableArray<MetadataReference> References = RuntimeReferences.All;

    // No package: the reference set comes from AdditionalReferences only.
    private static readonly ReferenceAssemblies NoPackages = new("net10.0");

    public static Task Analyze<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = NoPackages };
        test.TestState.AdditionalReferences.AddRange(References);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Like <see cref="Analyze{TAnalyzer}"/>, with contracts in a referenced project (as a shared contracts library is).</summary>
    public static Task AnalyzeWithContractLibrary<TAnalyzer>(string contracts, string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = NoPackages };
        test.TestState.AdditionalReferences.AddRange(References);
        var library = new ProjectState("Contracts", LanguageNames.CSharp, "Contracts", "cs") { ReferenceAssemblies = NoPackages };
        library.Sources.Add(("Contracts.cs", contracts));
        library.AdditionalReferences.AddRange(References);
        test.TestState.AdditionalProjects.Add("Contracts", library);
        test.TestState.AdditionalProjectReferences.Add("Contracts");
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Like <see cref="Analyze{TAnalyzer}"/>, in a project that publishes with Native AOT.</summary>
    public static Task AnalyzePublishingAot<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = NoPackages };
        test.TestState.AdditionalReferences.AddRange(References);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.PublishAot = true\n"));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task Fix<TAnalyzer, TCodeFix>(string source, string fixedSource)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> { TestCode = source, FixedCode = fixedSource, ReferenceAssemblies = NoPackages };
        test.TestState.AdditionalReferences.AddRange(References);
        test.FixedState.AdditionalReferences.AddRange(References);
        return test.RunAsync();
    }
}
