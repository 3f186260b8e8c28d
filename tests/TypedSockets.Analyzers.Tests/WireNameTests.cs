using Verify = TypedSockets.Analyzers.Tests.Verifier;

namespace TypedSockets.Analyzers.Tests;

/// <summary>TSK1001–TSK1004: event and namespace names as they travel on the wire.</summary>
public sealed class WireNameTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        using TypedSockets.Client;

        """;

    [Fact]
    public Task TSK1001_overloads_event_collisions_and_inherited_contracts() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IBase { Task Send(string text); }
        public interface IHub : IBase
        {
            Task {|TSK1001:Send|}(int number);
            Task Ping();
            [Event("ping")] Task {|TSK1001:Other|}();
            [Event("send it")] Task SendIt();
        }
        public interface IClient { Task Receive(string text); [Event("receive")] Task {|TSK1001:Again|}(string text); }
        [Hub] public sealed partial class H : Hub<IClient>, IHub
        {
            public Task Send(string text) => Task.CompletedTask;
            public Task Send(int number) => Task.CompletedTask;
            public Task Ping() => Task.CompletedTask;
            public Task Other() => Task.CompletedTask;
            public Task SendIt() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task TSK1002_reserved_event_names() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IHub { Task {|TSK1002:Disconnect|}(); [Event("connect_error")] Task {|TSK1002:Failed|}(); Task Disconnected(); [Event("new listener")] Task Listener(); }
        public interface IClient { Task {|TSK1002:NewListener|}(); }
        [Hub] public sealed partial class H : Hub<IClient>, IHub
        {
            public Task Disconnect() => Task.CompletedTask;
            public Task Failed() => Task.CompletedTask;
            public Task Disconnected() => Task.CompletedTask;
            public Task Listener() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task TSK1003_empty_event_names_and_namespaces_without_a_slash() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IHub { [Event("")] Task {|TSK1003:Empty|}(); [Event(" ")] Task {|TSK1003:Blank|}(); [Event("a b")] Task Spaced(); }
        public interface IClient { }
        [Hub({|TSK1003:"chat"|})] public sealed partial class H : Hub<IClient>, IHub
        {
            public Task Empty() => Task.CompletedTask;
            public Task Blank() => Task.CompletedTask;
            public Task Spaced() => Task.CompletedTask;
        }
        [Hub("/fine")] public sealed partial class Fine : Hub<IClient>, IHub
        {
            public Task Empty() => Task.CompletedTask;
            public Task Blank() => Task.CompletedTask;
            public Task Spaced() => Task.CompletedTask;
        }
        [TypedSocketsClient(typeof(IClient2), typeof(IClient), {|TSK1003:Namespace = ""|})] public sealed partial class C;
        public interface IClient2 { Task Ping(); }
        """);

    [Fact]
    public Task TSK1004_two_hubs_on_one_namespace() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IHub { Task Ping(); }
        public interface IClient { }
        [Hub] public sealed partial class A : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        [Hub("/")] public sealed partial class {|TSK1004:B|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        [Hub("/other")] public sealed partial class C : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        """);
}
