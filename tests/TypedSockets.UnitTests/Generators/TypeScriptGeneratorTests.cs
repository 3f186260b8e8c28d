using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedSockets.Tests.Generators;

/// <summary>
/// The TypeScript typings step of the generator: off unless the project names an output folder, the text travels as
/// assembly metadata the build task reads back, and edits that do not change it cost no new output.
/// </summary>
public sealed class TypeScriptGeneratorTests
{
    private const string HintName = "TypedSockets.TypeScript.g.cs";
    private static readonly GlobalOptionsProvider Enabled = new("build_property.TypedSocketsTypeScriptOutput", "ClientApp/generated/");

    [Fact]
    public void Without_an_output_folder_nothing_is_emitted()
    {
        var result = GeneratorHarness.Run(GeneratorInputs.Contracts, GeneratorInputs.Hub);

        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.EndsWith(HintName, StringComparison.Ordinal));
    }

    [Fact]
    public void The_typings_travel_as_assembly_metadata_of_the_compiled_assembly()
    {
        var compilation = GeneratorHarness.Compile(GeneratorInputs.Contracts, GeneratorInputs.Hub);
        GeneratorHarness.CreateDriver(Enabled).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);

        var text = TypingsOf(output);
        Assert.Contains("export const ChatNamespace = \"/chat\";", text, StringComparison.Ordinal);
        Assert.Contains("\"add\": (a: number, b: number, ack: (result: number) => void) => void;", text, StringComparison.Ordinal);
        Assert.Contains("\"echo bytes\": (data: ArrayBuffer | Uint8Array, ack: (result: ArrayBuffer | Uint8Array) => void) => void;", text, StringComparison.Ordinal);
        Assert.Contains("\"last\": (room: string | null, ack: (result: Message | null) => void) => void;", text, StringComparison.Ordinal);
        Assert.Contains("\"some event\": (room: string, payload: unknown) => void;", text, StringComparison.Ordinal);
        Assert.Contains("\"ask\": (question: string, ack: (result: string) => void) => void;", text, StringComparison.Ordinal);
        Assert.Contains("export interface Message {\n  text: string;\n}", text, StringComparison.Ordinal);

        // The same input in a fresh driver gives the same bytes.
        GeneratorHarness.CreateDriver(Enabled).RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(GeneratorInputs.Contracts, GeneratorInputs.Hub), out var again, out _);
        Assert.Equal(text, TypingsOf(again));
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_typings_unchanged_and_a_changed_message_type_changes_them()
    {
        var compilation = GeneratorHarness.Compile(GeneratorInputs.Contracts, GeneratorInputs.Hub);
        var driver = GeneratorHarness.CreateDriver(Enabled).RunGenerators(compilation);

        var unrelated = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public sealed class Unrelated { public int Value { get; set; } }", new CSharpParseOptions(LanguageVersion.Preview)));
        var step = Assert.Single(driver.RunGenerators(unrelated).GetRunResult().Results[0].TrackedSteps["TypeScript"]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(step.Outputs).Reason);

        // The record lives in another file than the hub: the typings still follow it.
        var contracts = compilation.SyntaxTrees.Single(t => t.ToString().Contains("record Message", StringComparison.Ordinal));
        var edited = compilation.ReplaceSyntaxTree(contracts, CSharpSyntaxTree.ParseText(
            GeneratorInputs.Contracts.Replace("record Message(string Text)", "record Message(string Text, int Priority)", StringComparison.Ordinal),
            new CSharpParseOptions(LanguageVersion.Preview)));
        var result = driver.RunGenerators(edited).GetRunResult();
        step = Assert.Single(result.Results[0].TrackedSteps["TypeScript"]);
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(step.Outputs).Reason);
        Assert.Contains("priority: number;", result.GeneratedTrees.Single(t => t.FilePath.EndsWith(HintName, StringComparison.Ordinal)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_implementation_is_typed_under_the_contracts_event_name_as_the_dispatch_serves_it()
    {
        const string source = """
            using System.Threading.Tasks;
            using TypedSockets.Hubs;

            namespace Explicit;

            public interface IEchoClient { Task Said(string text); }

            public interface IEchoHub
            {
                Task<string> Echo(string text);

                [Event("say it")]
                Task Say(string text);
            }

            [Hub("/echo")]
            public sealed partial class EchoHub : Hub<IEchoClient>, IEchoHub
            {
                Task<string> IEchoHub.Echo(string text) => Task.FromResult(text);

                Task IEchoHub.Say(string text) => Task.CompletedTask;
            }
            """;
        GeneratorHarness.CreateDriver(Enabled).RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(source), out var output, out var diagnostics);
        Assert.Empty(diagnostics);

        var text = TypingsOf(output);
        Assert.Contains("\"echo\": (text: string, ack: (result: string) => void) => void;", text, StringComparison.Ordinal);
        Assert.Contains("\"say it\": (text: string) => void;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("IEchoHub", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Compiles the generated file (alone: the test inputs lack System.Text.Json's own generator) and reads the metadata
    /// attribute back from the assembly, as the build task does.
    /// </summary>
    private static string TypingsOf(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith(HintName, StringComparison.Ordinal));
        using var stream = new MemoryStream();
        var emit = GeneratorHarness.Compile().AddSyntaxTrees(tree).Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        var assembly = Assembly.Load(stream.ToArray());
        var entry = Assert.Single(assembly.GetCustomAttributes<AssemblyMetadataAttribute>(), a => a.Key == "TypedSockets.TypeScript:index.ts");
        return entry.Value!;
    }
}
