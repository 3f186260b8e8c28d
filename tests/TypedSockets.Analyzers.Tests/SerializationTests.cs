using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = TypedSockets.Analyzers.Tests.Verifier;

namespace TypedSockets.Analyzers.Tests;

/// <summary>
/// TSK2001–TSK2004: what travels as JSON and how the JsonSerializerContext covers it. The contexts are abstract
/// because System.Text.Json's generator, which would write their members, does not run in these tests.
/// </summary>
public sealed class SerializationTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using TypedSockets.Hubs;

        """;

    [Fact]
    public Task TSK2001_a_type_missing_from_the_named_context() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public sealed record Point(int X, int Y);
        public sealed record Size(int Width);
        public interface IHub { Task {|TSK2001:Move|}(Point to); Task<Size> {|TSK2001:Measure|}(Point at); Task<int> Plain(string a, byte[] b, Guid c); }
        public interface IClient { }
        [JsonSerializable(typeof(int))] public abstract class ShapesContext() : JsonSerializerContext(null);
        [Hub(JsonContext = typeof(ShapesContext))] public sealed partial class H : Hub<IClient>, IHub
        {
            public Task Move(Point to) => Task.CompletedTask;
            public Task<Size> Measure(Point at) => Task.FromResult(new Size(1));
            public Task<int> Plain(string a, byte[] b, Guid c) => Task.FromResult(1);
        }
        """);

    [Fact]
    public Task TSK2001_no_diagnostic_when_some_context_lists_every_type() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public sealed record Point(int X, int Y);
        public interface IHub { Task Move(Point to); }
        public interface IClient { Task Moved(Point to); }
        [JsonSerializable(typeof(int))] public abstract class OtherContext() : JsonSerializerContext(null);
        [JsonSerializable(typeof(Point))] public abstract class PointContext() : JsonSerializerContext(null);
        [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Move(Point to) => Task.CompletedTask; }
        """);

    [Fact]
    public Task TSK2001_no_context_at_all() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public sealed record Point(int X, int Y);
        public interface IHub { Task {|TSK2001:Move|}(Point to); }
        public interface IClient { }
        [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Move(Point to) => Task.CompletedTask; }
        """);

    [Fact]
    public Task TSK2001_is_an_error_when_publishing_with_native_aot() => Verify.AnalyzePublishingAot<ContractAnalyzer>(Usings + """
        public sealed record Point(int X, int Y);
        public interface IHub { Task {|#0:Move|}(Point to); }
        public interface IClient { }
        [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Move(Point to) => Task.CompletedTask; }
        """, new DiagnosticResult("TSK2001", DiagnosticSeverity.Error).WithLocation(0));

    [Fact]
    public Task TSK2002_types_that_cannot_travel() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IShape { }
        [JsonDerivedType(typeof(Circle), "circle")] public interface IPolymorphic { }
        public sealed record Circle(double R) : IPolymorphic;
        public interface IHub
        {
            Task Callback(Action {|TSK2002:action|});
            Task Nested(Task<int> {|TSK2002:task|});
            Task Upload(Stream {|TSK2002:stream|});
            Task Draw(IShape {|TSK2002:shape|});
            Task<List<Func<int>>> {|TSK2002:Factories|}();
            Task Fine(IPolymorphic shape, List<int> numbers, IReadOnlyList<string> names, int[] values);
        }
        public interface IClient { Task Span(MemoryStream {|TSK2002:data|}); }
        [JsonSerializable(typeof(IPolymorphic))] [JsonSerializable(typeof(List<int>))] [JsonSerializable(typeof(IReadOnlyList<string>))] [JsonSerializable(typeof(int[]))]
        public abstract class Context() : JsonSerializerContext(null);
        [Hub(JsonContext = typeof(Context))] public sealed partial class H : Hub<IClient>, IHub
        {
            public Task Callback(Action action) => Task.CompletedTask;
            public Task Nested(Task<int> task) => Task.CompletedTask;
            public Task Upload(Stream stream) => Task.CompletedTask;
            public Task Draw(IShape shape) => Task.CompletedTask;
            public Task<List<Func<int>>> Factories() => Task.FromResult(new List<Func<int>>());
            public Task Fine(IPolymorphic shape, List<int> numbers, IReadOnlyList<string> names, int[] values) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task TSK2003_untyped_payloads() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IHub { Task Any(object {|TSK2003:value|}); Task Dyn(dynamic {|TSK2003:value|}); Task<JsonElement> {|TSK2003:Element|}(); Task Raw(RawJson value); }
        public interface IClient { }
        [Hub] public sealed partial class H : Hub<IClient>, IHub
        {
            public Task Any(object value) => Task.CompletedTask;
            public Task Dyn(dynamic value) => Task.CompletedTask;
            public Task<JsonElement> Element() => Task.FromResult(default(JsonElement));
            public Task Raw(RawJson value) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task TSK2004_a_json_context_that_is_not_one() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IHub { Task Ping(); }
        public interface IClient { }
        public sealed class NotAContext { }
        [Hub(JsonContext = typeof(NotAContext))] public sealed partial class {|TSK2004:H|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        """);
}
