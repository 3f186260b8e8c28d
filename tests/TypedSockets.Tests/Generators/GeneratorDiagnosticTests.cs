using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace TypedSockets.Tests.Generators;

/// <summary>
/// The generator's diagnostics, placed by markup: <c>{|TSK0001:Name|}</c> marks the span that must carry that id.
/// </summary>
public sealed partial class GeneratorDiagnosticTests
{
    [Fact]
    public void A_hub_that_is_not_partial_is_refused() => Verify("""
        using TypedSockets.Hubs;
        public interface IC { }
        [Hub] public sealed class {|TSK0001:NotPartial|} : Hub<IC> { }
        """);

    [Fact]
    public void A_hub_must_derive_from_hub_of_tclient() => Verify("""
        using TypedSockets.Hubs;
        [Hub] public sealed partial class {|TSK0002:Plain|} { }
        """);

    [Fact]
    public void Reserved_and_duplicate_event_names_are_refused() => Verify("""
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IC { }
        [Hub] public sealed partial class Names : Hub<IC>
        {
            public Task {|TSK1001:Disconnect|}() => Task.CompletedTask;
            public Task Ping() => Task.CompletedTask;
            [Event("ping")] public Task {|TSK1002:Other|}() => Task.CompletedTask;
        }
        """);

    [Fact]
    public void A_complex_type_without_a_json_context_is_refused() => Verify("""
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public sealed record Point(int X, int Y);
        public interface IC { }
        [Hub] public sealed partial class Shapes : Hub<IC>
        {
            public Task {|TSK2001:Move|}(Point to) => Task.CompletedTask;
            public Task<int> Fine(int a, string b) => Task.FromResult(a);
        }
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
            [JsonSerializable(typeof(int))] public sealed partial class OtherContext : JsonSerializerContext;
            [JsonSerializable(typeof(Point))] public sealed partial class PointContext : JsonSerializerContext;
            [Hub] public sealed partial class Shapes : Hub<IC>
            {
                public Task<Point> Move(Point to) => Task.FromResult(to);
            }
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Contains("global::PointContext.Default.GetTypeInfo(typeof(global::Point))", result.GeneratedTrees.Single().ToString(), StringComparison.Ordinal);
    }

    private static void Verify(string markup)
    {
        var expected = new List<(string Id, string Text)>();
        var source = Markup().Replace(markup, match =>
        {
            expected.Add((match.Groups["id"].Value, match.Groups["text"].Value));
            return match.Groups["text"].Value;
        });
        var result = GeneratorHarness.Run(source);
        var actual = result.Diagnostics
            .Select(d => (d.Id, Text: source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)))
            .ToList();
        Assert.Equal(expected.Order(), actual.Order());
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.Empty(result.GeneratedTrees);
    }

    [GeneratedRegex(@"\{\|(?<id>TSK\d{4}):(?<text>[^|]*)\|\}")]
    private static partial Regex Markup();
}
