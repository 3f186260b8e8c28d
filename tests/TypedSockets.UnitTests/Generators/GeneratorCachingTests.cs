using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedSockets.Generators;

namespace TypedSockets.Tests.Generators;

/// <summary>The pipeline's tracked steps prove incremental caching.</summary>
public sealed class GeneratorCachingTests
{
    private static readonly string[] SpecSteps =
    [
        HubGenerator.TrackingNames.HubSpecs,
        HubGenerator.TrackingNames.ClientSpecs,
        HubGenerator.TrackingNames.JsonContexts,
        HubGenerator.TrackingNames.ResolvedHubs,
        HubGenerator.TrackingNames.ResolvedClients,
    ];

    [Fact]
    public void The_same_input_twice_is_cached()
    {
        var compilation = GeneratorHarness.Compile(GeneratorInputs.Contracts, GeneratorInputs.Hub, GeneratorInputs.Client);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var second = driver.RunGenerators(compilation.Clone()).GetRunResult();

        AssertOutputs(second, static reason => reason == IncrementalStepRunReason.Cached);
        Assert.All(second.Results[0].TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_specs_unchanged()
    {
        var compilation = GeneratorHarness.Compile(GeneratorInputs.Contracts, GeneratorInputs.Hub, GeneratorInputs.Client);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public sealed class Unrelated { public int Value { get; set; } }", new CSharpParseOptions(LanguageVersion.Preview)));
        var result = driver.RunGenerators(edited).GetRunResult();

        AssertOutputs(result, static reason => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void A_hub_without_the_attribute_is_cached_across_an_unrelated_edit()
    {
        var compilation = GeneratorHarness.Compile(GeneratorInputs.Contracts, GeneratorInputs.Hub, """
            namespace Forgetful;
            public interface IC { }
            public sealed partial class Forgotten : TypedSockets.Hubs.Hub<IC> { }
            """);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public sealed class Unrelated { public int Value { get; set; } }", new CSharpParseOptions(LanguageVersion.Preview)));
        var result = driver.RunGenerators(edited).GetRunResult();

        var outputs = result.Results[0].TrackedSteps[HubGenerator.TrackingNames.ForgottenHubs].SelectMany(static s => s.Outputs).ToList();
        Assert.Single(outputs);
        Assert.All(outputs, static o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void Renaming_an_event_modifies_the_hub_spec()
    {
        var compilation = GeneratorHarness.Compile(GeneratorInputs.Contracts, GeneratorInputs.Hub);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var contractTree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("Task<int> Add(int a, int b);", StringComparison.Ordinal));
        var renamed = compilation.ReplaceSyntaxTree(contractTree, CSharpSyntaxTree.ParseText(
            GeneratorInputs.Contracts.Replace("Task<int> Add(int a, int b);", "[TypedSockets.Hubs.Event(\"sum\")] Task<int> Add(int a, int b);", StringComparison.Ordinal),
            new CSharpParseOptions(LanguageVersion.Preview)));
        var result = driver.RunGenerators(renamed).GetRunResult();

        var spec = Assert.Single(result.Results[0].TrackedSteps[HubGenerator.TrackingNames.HubSpecs]);
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(spec.Outputs).Reason);
        Assert.Contains("\"sum\"u8", result.GeneratedTrees.Single().ToString(), StringComparison.Ordinal);
    }

    private static void AssertOutputs(GeneratorDriverRunResult result, Func<IncrementalStepRunReason, bool> expected)
    {
        var steps = result.Results[0].TrackedSteps;
        foreach (var name in SpecSteps)
        {
            var outputs = steps[name].SelectMany(static s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(expected(o.Reason), $"{name}: {o.Reason}"));
        }
    }
}
