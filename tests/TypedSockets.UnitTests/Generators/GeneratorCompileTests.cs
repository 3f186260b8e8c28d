using Microsoft.CodeAnalysis;

namespace TypedSockets.Tests.Generators;

/// <summary>Generated code compiles without a diagnostic for every valid return shape and both proxy kinds.</summary>
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
            Task Fire(string text);
            Task<long> Now();
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
            Task Fired(string text);
            Task Ticked(long at);
            Task<bool> Confirm(string question);
            Task<int> Count();
        }

        [Hub("/shapes")]
        public sealed partial class ShapesHub : Hub<IShapesClient>, IShapesHub
        {
            public Task Fire(string text) => Clients.All.Fired(text);
            public Task<long> Now() => Task.FromResult(0L);
            public async ValueTask Tick(CancellationToken cancellationToken) => await Clients.Others.Ticked(1);
            public async ValueTask<double> Half(double value) => await Clients.Client("other").Confirm("?") ? value / 2 : value;
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
    public void Every_valid_return_shape_compiles()
    {
        var compilation = GeneratorHarness.Compile(Source);
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.Equal(2, output.SyntaxTrees.Count() - compilation.SyntaxTrees.Count());
        var errors = output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning).Select(static d => d.ToString()).ToList();
        Assert.Empty(errors);
    }
}
