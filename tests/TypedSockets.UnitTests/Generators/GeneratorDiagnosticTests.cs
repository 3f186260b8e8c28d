using System.Globalization;
using Microsoft.CodeAnalysis;
using TypedSockets.Generators;

namespace TypedSockets.Tests.Generators;

/// <summary>
/// What the generator does with an invalid contract: it reports nothing, because the analyzer owns the contract
/// diagnostics (tests/TypedSockets.Analyzers.Tests), and emits at most a definition without dispatch, which compiles,
/// so that <c>MapHub&lt;THub&gt;()</c> does too and the analyzer's error is the only one the user sees.
/// The generator's own diagnostic is TSK9000 (an unexpected failure).
/// </summary>
public sealed class GeneratorDiagnosticTests
{
    [Fact]
    public void A_hub_that_is_not_partial_gets_no_code() => VerifyNoCode("""
        using TypedSockets.Hubs;
        public interface IC { }
        [Hub] public sealed class NotPartial : Hub<IC> { }
        """);

    [Fact]
    public void A_hub_that_does_not_derive_from_hub_of_tclient_gets_only_a_definition() => VerifyDefinitionOnly("""
        using TypedSockets.Hubs;
        [Hub] public sealed partial class Plain { }
        """);

    [Fact]
    public void A_partial_hub_without_the_attribute_gets_only_a_definition() => VerifyDefinitionOnly("""
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IC { }
        public interface IForgotten { Task Ping(); }
        public sealed partial class Forgotten : Hub<IC>, IForgotten { public Task Ping() => Task.CompletedTask; }
        public sealed partial class Forgotten : TypedSockets.Hubs.Hub<IC> { }
        """);

    [Fact]
    public void A_partial_hub_without_the_attribute_compiles_where_it_is_mapped_and_its_context_used()
    {
        var compilation = GeneratorHarness.Compile("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using TypedSockets.Hubs;
            public interface IC { Task Tell(string text); }
            public interface IForgotten { Task Ping(); }
            public sealed partial class Forgotten : Hub<IC>, IForgotten { public Task Ping() => Task.CompletedTask; }
            public static class Startup
            {
                public static void Map(WebApplication app) => app.MapHub<Forgotten>();
                public static Task Tell(IHubContext<Forgotten, IC> context) => context.Clients.All.Tell("hi");
            }
            """);

        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("IHubDefinition.Namespace => \"/\"", Assert.Single(driver.GetRunResult().GeneratedTrees).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Abstract_bases_and_classes_that_cannot_take_a_definition_get_no_code() => VerifyNoCode("""
        using TypedSockets.Hubs;
        public interface IC { }
        public abstract partial class PartialBase : Hub<IC> { }
        public abstract class Base : Hub<IC> { }
        public sealed partial class Indirect : Base { }
        public sealed class NotPartial : Hub<IC> { }
        public sealed partial class Generic<T> : Hub<IC> { }
        public static partial class Outer { public sealed partial class Nested : Hub<IC> { } }
        public sealed partial class Unrelated : System.Collections.Generic.List<IC> { }
        """);

    [Fact]
    public void A_hub_with_reserved_or_duplicate_event_names_gets_only_a_definition() => VerifyDefinitionOnly("""
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IC { }
        [Hub] public sealed partial class Names : Hub<IC>
        {
            public Task Disconnect() => Task.CompletedTask;
            public Task Ping() => Task.CompletedTask;
            [Event("ping")] public Task Other() => Task.CompletedTask;
        }
        """);

    [Fact]
    public void A_hub_whose_types_no_json_context_lists_gets_a_definition_that_fails_at_MapHub_and_compiles()
    {
        var compilation = GeneratorHarness.Compile("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using TypedSockets.Hubs;
            public sealed record Point(int X, int Y);
            public sealed record Size(int Width, int Height);
            public interface IC { Task Resized(Size size); }
            public interface IShapes { Task Move(Point to); Task<int> Fine(int a, string b); }
            [Hub] public sealed partial class Shapes : Hub<IC>, IShapes
            {
                public Task Move(Point to) => Task.CompletedTask;
                public Task<int> Fine(int a, string b) => Task.FromResult(a);
            }
            public static class Startup
            {
                public static void Map(WebApplication app) => app.MapHub<Shapes>();
            }
            """);

        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));
        var source = driver.GetRunResult().GeneratedTrees.Single().ToString();
        Assert.Contains("""throw new global::System.InvalidOperationException("Hub 'Shapes' cannot be served: no JsonSerializerContext of its assembly lists every one of its JSON types (Point, Size; warning TSK2001). """, source, StringComparison.Ordinal);
        Assert.DoesNotContain("ModuleInitializer", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Dispatcher", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_whose_types_no_json_context_lists_gets_a_definition_that_fails_at_ConnectAsync_and_compiles()
    {
        var compilation = GeneratorHarness.Compile("""
            using System;
            using System.Threading.Tasks;
            public sealed record Point(int X, int Y);
            public interface IC { Task Moved(Point to); }
            public interface IShapes { Task Move(Point to); }
            [TypedSockets.Client.TypedSocketsClient(typeof(IShapes), typeof(IC))]
            public sealed partial class ShapesClient;
            public static class Use
            {
                public static async Task Run(IC receiver)
                {
                    await using var client = await ShapesClient.ConnectAsync(new Uri("http://localhost"), receiver);
                    await client.Hub.Move(new Point(1, 2));
                    _ = client.Connection.Id;
                }
            }
            """);

        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));
        var source = driver.GetRunResult().GeneratedTrees.Single().ToString();
        Assert.Contains("""Client 'ShapesClient' cannot connect: no JsonSerializerContext of its assembly lists every one of its JSON types (Point; warning TSK2001). """, source, StringComparison.Ordinal);
        Assert.DoesNotContain("DispatchAsync", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_contract_the_old_parser_accepted_but_the_rules_refuse_gets_only_a_definition() => VerifyDefinitionOnly("""
        using System.Threading;
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IC { int Count { get; } Task Ping(CancellationToken token); }
        public interface IH { Task Run(); }
        [Hub] public sealed partial class WithProperty : Hub<IC>, IH { public Task Run() => Task.CompletedTask; }
        """);

    [Fact]
    public void Without_a_named_context_the_compilations_context_that_lists_the_types_is_used()
    {
        var result = GeneratorHarness.Run("""
            using System.Text.Json.Serialization;
            using System.Threading.Tasks;
            using TypedSockets.Hubs;
            public sealed record Point(int X, int Y);
            public interface IC { Task Moved(Point to); }
            public interface IShapes { Task<Point> Move(Point to); }
            [JsonSerializable(typeof(int))] public sealed partial class OtherContext : JsonSerializerContext;
            [JsonSerializable(typeof(Point))] public sealed partial class PointContext : JsonSerializerContext;
            [Hub] public sealed partial class Shapes : Hub<IC>, IShapes
            {
                public Task<Point> Move(Point to) => Task.FromResult(to);
            }
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Contains("global::PointContext.Default.GetTypeInfo(typeof(global::Point))", result.GeneratedTrees.Single().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_while_writing_a_hub_or_client_is_TSK9000_and_the_only_error_of_the_build()
    {
        var compilation = GeneratorHarness.Compile("""
            using System.Threading.Tasks;
            using TypedSockets.Hubs;
            public interface IChatHub { Task<int> Add(int a, int b); }
            public interface IChatClient { Task Notify(string text); }
            [Hub("/chat")] public sealed partial class ChatHub : Hub<IChatClient>, IChatHub
            {
                public Task<int> Add(int a, int b) => Task.FromResult(a + b);
            }
            [TypedSockets.Client.TypedSocketsClient(typeof(IChatHub), typeof(IChatClient), Namespace = "/chat")]
            public sealed partial class ChatClient;
            """);
        Assert.Empty(compilation.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));
        var driver = GeneratorHarness.CreateDriver(new GlobalOptionsProvider(HubGenerator.TestFailureOption, "emit broke"));

        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        Assert.Empty(driver.GetRunResult().GeneratedTrees);
        var errors = generatorDiagnostics.Concat(output.GetDiagnostics()).Where(static d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.All(errors, static e => Assert.Equal("TSK9000", e.Id));
        Assert.Equal(
            [
                "The TypedSockets generator failed on 'ChatClient': InvalidOperationException: emit broke; please report this with the code that triggers it",
                "The TypedSockets generator failed on 'ChatHub': InvalidOperationException: emit broke; please report this with the code that triggers it",
            ],
            errors.Select(static e => e.GetMessage(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
    }

    private static void VerifyNoCode(string source)
    {
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedTrees);
    }

    private static void VerifyDefinitionOnly(string source)
    {
        var compilation = GeneratorHarness.Compile(source);
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        var generated = Assert.Single(driver.GetRunResult().GeneratedTrees);
        var text = generated.ToString();
        Assert.Contains("has contract errors (TSK diagnostics) and cannot be served", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ModuleInitializer", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TypedSocketsDispatcher", text, StringComparison.Ordinal);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Location.SourceTree == generated && d.Severity >= DiagnosticSeverity.Warning));
    }
}
