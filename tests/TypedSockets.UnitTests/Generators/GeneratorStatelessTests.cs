namespace TypedSockets.Tests.Generators;

/// <summary>
/// Only a hub nobody could tell apart from a fresh one is reused for a whole connection: any state of its own (a
/// field, an auto-property, an injected service, disposal, a base class whose fields are not visible) keeps the
/// instance per invocation.
/// </summary>
public sealed class GeneratorStatelessTests
{
    private const string Contracts = """
        using System.Threading.Tasks;
        using TypedSockets.Hubs;

        namespace Shapes;

        public interface IPingHub
        {
            Task<int> Ping(int value);
        }

        public interface IPingClient
        {
            Task Pong(int value);
        }

        """;

    [Theory]
    [InlineData("", true)]
    [InlineData("public static int Calls; public const int Limit = 3; public int Twice => 2;", true)]
    [InlineData("private int _calls;", false)]
    [InlineData("public int Calls { get; set; }", false)]
    [InlineData("public int Calls { get; } = 3;", false)]
    [InlineData("public event System.Action? Pinged;", false)]
    [InlineData("public PingHub(Microsoft.Extensions.Logging.ILogger<PingHub> logger) { }", false)]
    public void A_hub_is_stateless_only_without_state_of_its_own(string members, bool stateless)
    {
        var hub = $$"""
            [Hub("/")]
            public sealed partial class PingHub : Hub<IPingClient>, IPingHub
            {
                {{members}}

                public Task<int> Ping(int value) => Task.FromResult(value);
            }
            """;

        Assert.Equal(stateless, IsStateless(Contracts + hub));
    }

    [Fact]
    public void A_disposable_hub_or_one_with_a_stateful_base_class_is_not_stateless()
    {
        Assert.False(IsStateless(Contracts + """
            public abstract class DisposableHub : Hub<IPingClient>, System.IDisposable
            {
                public void Dispose() { }
            }

            [Hub("/")]
            public sealed partial class PingHub : DisposableHub, IPingHub
            {
                public Task<int> Ping(int value) => Task.FromResult(value);
            }
            """));
        Assert.False(IsStateless(Contracts + """
            public abstract class CountingHub : Hub<IPingClient>
            {
                protected int Calls;
            }

            [Hub("/")]
            public sealed partial class PingHub : CountingHub, IPingHub
            {
                public Task<int> Ping(int value) => Task.FromResult(value);
            }
            """));
    }

    private static bool IsStateless(string source)
    {
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.Diagnostics);
        return result.GeneratedTrees.Single().ToString().Contains("protected override bool IsStateless => true;", StringComparison.Ordinal);
    }
}
