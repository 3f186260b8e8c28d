using Microsoft.CodeAnalysis;

namespace TypedSockets.Tests.Generators;

/// <summary>Generated code compiles without a diagnostic for every return shape and both proxy kinds.</summary>
public sealed class GeneratorCompileTests
{
    private const string Source = """
        using System.Threading;
        using System.Threading.Tasks;
        using System.Text.Json;
        using TypedSockets.Hubs;
        using TypedSockets.Client;

        namespace Shapes;

        public interface IShapesHub
        {
            void Fire(string text);
            long Now();
            ValueTask Tick(CancellationToken cancellationToken);
            ValueTask<double> Half(double value);
            Task<System.Guid> Id(System.Guid id);
            Task<JsonElement> Raw(JsonElement value);
            Task<System.ReadOnlyMemory<byte>> Bytes(System.ReadOnlyMemory<byte> data, decimal price, float ratio);
            Task<string?> Maybe(string? value);
            Task<RawJson> Pass(RawJson value);
        }

        public interface IShapesClient
        {
            void Fired(string text);
            ValueTask Ticked(long at);
            ValueTask<bool> Confirm(string question, CancellationToken cancellationToken);
            Task<int> Count();
        }

        [Hub("/shapes")]
        public sealed partial class ShapesHub : Hub<IShapesClient>, IShapesHub
        {
            public void Fire(string text) => Clients.All.Fired(text);
            public long Now() => 0;
            public ValueTask Tick(CancellationToken cancellationToken) => Clients.Others.Ticked(1);
            public async ValueTask<double> Half(double value) => await Clients.Caller.Confirm("?", default) ? value / 2 : value;
            public Task<System.Guid> Id(System.Guid id) => Task.FromResult(id);
            public Task<JsonElement> Raw(JsonElement value) => Task.FromResult(value);
            public Task<System.ReadOnlyMemory<byte>> Bytes(System.ReadOnlyMemory<byte> data, decimal price, float ratio) => Task.FromResult(data);
            public Task<string?> Maybe(string? value) => Task.FromResult(value);
            public Task<RawJson> Pass(RawJson value) => Task.FromResult(value);
        }

        [TypedSocketsClient(typeof(IShapesHub), typeof(IShapesClient), Namespace = "/shapes")]
        public sealed partial class ShapesClient;
        """;

    [Fact]
    public void Every_return_shape_compiles()
    {
        var compilation = GeneratorHarness.Compile(Source);
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.Equal(2, output.SyntaxTrees.Count() - compilation.SyntaxTrees.Count());
        var errors = output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning).Select(static d => d.ToString()).ToList();
        Assert.Empty(errors);
    }
}
