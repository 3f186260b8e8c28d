using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = TypedSockets.Analyzers.Tests.Verifier;

namespace TypedSockets.Analyzers.Tests;

/// <summary>TSK0001–TSK0009 and TSK0011: the shape of hubs, typed clients and their contracts, across contract inheritance.</summary>
public sealed class ContractShapeTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        using TypedSockets.Client;

        """;

    [Fact]
    public Task A_valid_hub_and_client_have_no_diagnostic() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IBase { Task<int> Add(int a, int b); }
        public interface IChatHub : IBase { Task<bool> Join(string room, CancellationToken cancellationToken); ValueTask Leave(string room); ValueTask<int> Count(); }
        public interface IChatClient { Task Joined(string room); Task<string> Ask(string question); }
        [Hub("/chat")]
        public sealed partial class ChatHub : Hub<IChatClient>, IChatHub
        {
            public Task<int> Add(int a, int b) => Task.FromResult(a + b);
            public Task<bool> Join(string room, CancellationToken cancellationToken) => Task.FromResult(true);
            public ValueTask Leave(string room) => default;
            public ValueTask<int> Count() => new(1);
        }
        [TypedSocketsClient(typeof(IChatHub), typeof(IChatClient), Namespace = "/chat")]
        public sealed partial class ChatClient;
        """);

    [Fact]
    public Task TSK0001_a_client_contract_that_is_a_class() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public class NotAnInterface { }
        public interface IHub { Task Ping(); }
        [Hub] public sealed partial class {|TSK0001:H|} : Hub<NotAnInterface>, IHub { public Task Ping() => Task.CompletedTask; }
        [TypedSocketsClient(typeof(IHub), {|TSK0001:typeof(NotAnInterface)|})] public sealed partial class C;
        """);

    [Fact]
    public Task TSK0002_properties_events_and_static_members_in_contracts() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IBase { int {|TSK0002:Count|} { get; } }
        public interface IHub : IBase
        {
            Task Ping();
            event EventHandler {|TSK0002:Changed|};
            string {|TSK0002:this|}[int index] { get; }
            static Task {|TSK0002:Create|}() => Task.CompletedTask;
        }
        public interface IClient { Task Pong(); }
        [Hub] public sealed partial class H : Hub<IClient>, IHub
        {
            public int Count => 0;
            public event EventHandler? Changed { add { } remove { } }
            public string this[int index] => "";
            public Task Ping() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task TSK0003_client_to_server_methods_return_tasks() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IBase { void {|TSK0003:Fire|}(); }
        public interface IHub : IBase { int {|TSK0003:Add|}(int a, int b); Task Ok(); ValueTask<int> AlsoOk(); }
        public interface IClient { }
        [Hub] public sealed partial class H : Hub<IClient>, IHub
        {
            public void Fire() { }
            public int Add(int a, int b) => a + b;
            public Task Ok() => Task.CompletedTask;
            public ValueTask<int> AlsoOk() => new(1);
        }
        """);

    [Fact]
    public Task TSK0004_server_to_client_methods_return_task() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IHub { Task Ping(); }
        public interface IClient { void {|TSK0004:Fire|}(); ValueTask {|TSK0004:Tick|}(); ValueTask<int> {|TSK0004:Count|}(); Task Ok(); Task<int> Result(); }
        [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        """);

    [Fact]
    public Task TSK0005_ref_out_in_params_and_pointer_parameters() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IHub
        {
            Task A(ref int {|TSK0005:a|});
            Task B(out int {|TSK0005:b|});
            Task C(in int {|TSK0005:c|});
            Task D(params int[] {|TSK0005:d|});
            unsafe Task E(int* {|TSK0005:e|});
            Task F(string plain);
        }
        public interface IClient { }
        [Hub] public sealed partial class H : Hub<IClient>, IHub
        {
            public Task A(ref int a) => Task.CompletedTask;
            public Task B(out int b) { b = 0; return Task.CompletedTask; }
            public Task C(in int c) => Task.CompletedTask;
            public Task D(params int[] d) => Task.CompletedTask;
            public unsafe Task E(int* e) => Task.CompletedTask;
            public Task F(string plain) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task TSK0006_cancellation_tokens() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IHub
        {
            Task First(CancellationToken {|TSK0006:token|}, string room);
            Task Twice(CancellationToken one, CancellationToken {|TSK0006:two|});
            Task Last(string room, CancellationToken token);
        }
        public interface IClient { Task Ping(CancellationToken {|TSK0006:token|}); }
        [Hub] public sealed partial class H : Hub<IClient>, IHub
        {
            public Task First(CancellationToken token, string room) => Task.CompletedTask;
            public Task Twice(CancellationToken one, CancellationToken two) => Task.CompletedTask;
            public Task Last(string room, CancellationToken token) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task TSK0007_generic_methods_and_open_generic_contracts() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IBase<T> { Task Send(T value); }
        public interface IHub : IBase<int> { Task {|TSK0007:Echo|}<T>(T value); }
        public interface IClient<T> { Task Receive(T value); }
        [Hub] public sealed partial class H : Hub<IClient<string>>, IHub
        {
            public Task Send(int value) => Task.CompletedTask;
            public Task Echo<T>(T value) => Task.CompletedTask;
        }
        [Hub("/open")] public sealed partial class {|TSK0008:Open|}<T> : Hub<IClient<string>>, IBase<int> { public Task Send(int value) => Task.CompletedTask; }
        """);

    [Fact]
    public Task TSK0007_an_open_contract_through_a_typed_client() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface {|TSK0007:IOpen|}<T> { Task Send(T value); }
        public interface IClient { }
        [TypedSocketsClient(typeof(IOpen<>), typeof(IClient))] public sealed partial class C;
        """);

    [Fact]
    public Task TSK0008_hub_classes_are_partial_top_level_and_concrete() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IHub { Task Ping(); }
        public interface IClient { }
        [Hub("/a")] public sealed class {|TSK0008:NotPartial|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        public static class Outer<T>
        {
            [Hub("/b")] public sealed partial class {|TSK0008:Nested|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        }
        [Hub("/c")] public abstract partial class {|TSK0008:Abstract|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        [Hub("/d")] public sealed partial class {|TSK0008:NoConstructor|} : Hub<IClient>, IHub { private NoConstructor() { } public Task Ping() => Task.CompletedTask; }
        [Hub("/e")] public sealed partial class Fine : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        [TypedSocketsClient(typeof(IHub), typeof(IClient))] public sealed class {|TSK0008:NotPartialClient|};
        """);

    [Fact]
    public Task TSK0009_a_hub_derives_hub_and_implements_one_contract() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IHub { Task Ping(); }
        public interface IOther { Task Pong(); }
        public interface IClient { }
        [Hub("/a")] public sealed partial class {|TSK0009:Plain|} : IHub { public Task Ping() => Task.CompletedTask; }
        [Hub("/b")] public sealed partial class {|TSK0009:NoContract|} : Hub<IClient> { }
        [Hub("/c")] public sealed partial class {|TSK0009:Two|} : Hub<IClient>, IHub, IOther { public Task Ping() => Task.CompletedTask; public Task Pong() => Task.CompletedTask; }
        public interface IBoth : IHub, IOther { }
        [Hub("/d")] public sealed partial class Inherited : Hub<IClient>, IBoth { public Task Ping() => Task.CompletedTask; public Task Pong() => Task.CompletedTask; }
        """);

    [Fact]
    public Task TSK0011_a_concrete_class_deriving_hub_without_the_attribute() => Verify.Analyze<ContractAnalyzer>(Usings + """
        public interface IHub { Task Ping(); }
        public interface IClient { }
        public sealed partial class {|#0:ChatHub|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        public sealed class {|TSK0011:NotPartial|} : TypedSockets.Hubs.Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        public static partial class Outer { public partial class {|TSK0011:Nested|} : Hub<IClient> { } }
        public abstract class HubBase : Hub<IClient> { }
        public abstract partial class PartialHubBase : Hub<IClient> { }
        [Hub("/derived")] public sealed partial class Derived : HubBase, IHub { public Task Ping() => Task.CompletedTask; }
        public class NotAHub { }
        [Hub("/fine")] public sealed partial class Fine : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        """, new DiagnosticResult("TSK0011", DiagnosticSeverity.Error).WithLocation(0)
            .WithMessage("'ChatHub' derives from Hub<IClient> but has no [Hub] attribute, so it is not a hub: add [Hub] (or [Hub(\"/namespace\")]), or make it abstract if it is a base for other hubs"));

    [Fact]
    public Task A_finding_in_a_referenced_contract_library_is_reported_on_the_hub() => Verify.AnalyzeWithContractLibrary<ContractAnalyzer>("""
        using System.Threading.Tasks;
        public interface IHub { void Fire(); Task Ok(); }
        public interface IClient { }
        """, Usings + """
        [Hub] public sealed partial class {|#0:H|} : Hub<IClient>, IHub { public void Fire() { } public Task Ok() => Task.CompletedTask; }
        """, new DiagnosticResult("TSK0003", DiagnosticSeverity.Error).WithLocation(0)
            .WithMessage("'Fire' returns 'void'; a client-to-server method returns Task, ValueTask, Task<T> or ValueTask<T>, so wrap the result in Task"));
}
