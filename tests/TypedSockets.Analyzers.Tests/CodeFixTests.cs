using TypedSockets.CodeFixes;
using Verify = TypedSockets.Analyzers.Tests.Verifier;

namespace TypedSockets.Analyzers.Tests;

/// <summary>The mechanical fixes: each turns the marked code into code without the diagnostic.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public Task TSK0008_adds_partial() => Verify.Fix<ContractAnalyzer, AddPartialCodeFix>("""
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IHub { Task Ping(); }
        public interface IClient { }
        [Hub]
        public sealed class {|TSK0008:ChatHub|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        """, """
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IHub { Task Ping(); }
        public interface IClient { }
        [Hub]
        public sealed partial class ChatHub : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        """);

    [Fact]
    public Task TSK0011_adds_the_hub_attribute() => Verify.Fix<ContractAnalyzer, AddHubAttributeCodeFix>("""
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IHub { Task Ping(); }
        public interface IClient { }
        namespace Chat
        {
            /// <summary>The chat.</summary>
            public sealed partial class {|TSK0011:ChatHub|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        }
        """, """
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IHub { Task Ping(); }
        public interface IClient { }
        namespace Chat
        {
            /// <summary>The chat.</summary>
            [Hub]
            public sealed partial class ChatHub : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        }
        """);

    [Fact]
    public Task TSK0003_wraps_the_return_type_in_task() => Verify.Fix<ContractAnalyzer, WrapReturnTypeInTaskCodeFix>("""
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IHub
        {
            bool {|TSK0003:Join|}(string room);
            void {|TSK0003:Leave|}(string room);
        }
        public interface IClient { }
        [TypedSockets.Client.TypedSocketsClient(typeof(IHub), typeof(IClient))] public sealed partial class ChatClient;
        """, """
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IHub
        {
            Task<bool> Join(string room);
            Task Leave(string room);
        }
        public interface IClient { }
        [TypedSockets.Client.TypedSocketsClient(typeof(IHub), typeof(IClient))] public sealed partial class ChatClient;
        """);

    [Fact]
    public Task TSK0004_wraps_the_return_type_in_task() => Verify.Fix<ContractAnalyzer, WrapReturnTypeInTaskCodeFix>("""
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IHub { Task Ping(); }
        public interface IClient
        {
            ValueTask<int> {|TSK0004:Count|}();
            void {|TSK0004:Notify|}(string text);
        }
        [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        """, """
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IHub { Task Ping(); }
        public interface IClient
        {
            Task<int> Count();
            Task Notify(string text);
        }
        [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
        """);

    [Fact]
    public Task TSK2001_adds_the_type_to_the_context() => Verify.Fix<ContractAnalyzer, AddJsonSerializableCodeFix>("""
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public sealed record Point(int X, int Y);
        public interface IHub { Task {|TSK2001:Move|}(Point to); }
        public interface IClient { }
        [JsonSerializable(typeof(int))]
        public abstract class ShapesContext() : JsonSerializerContext(null);
        [Hub(JsonContext = typeof(ShapesContext))] public sealed partial class H : Hub<IClient>, IHub { public Task Move(Point to) => Task.CompletedTask; }
        """, """
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public sealed record Point(int X, int Y);
        public interface IHub { Task Move(Point to); }
        public interface IClient { }
        [JsonSerializable(typeof(int))]
        [JsonSerializable(typeof(Point))]
        public abstract class ShapesContext() : JsonSerializerContext(null);
        [Hub(JsonContext = typeof(ShapesContext))] public sealed partial class H : Hub<IClient>, IHub { public Task Move(Point to) => Task.CompletedTask; }
        """);

    [Fact]
    public Task TSK3002_adds_await() => Verify.Fix<DroppedTaskAnalyzer, AddAwaitCodeFix>("""
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IClient { Task Notify(string text); }
        public sealed class H : Hub<IClient>
        {
            public async Task Run()
            {
                {|TSK3002:Clients.All.Notify("hi")|};
            }
        }
        """, """
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IClient { Task Notify(string text); }
        public sealed class H : Hub<IClient>
        {
            public async Task Run()
            {
                await Clients.All.Notify("hi");
            }
        }
        """);

    [Fact]
    public Task TSK3001_chooses_the_recipients_with_a_timeout() => Verify.Fix<ClientResultFromManyAnalyzer, AddWithTimeoutCodeFix>("""
        using System;
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IClient { Task<bool> Confirm(string question); }
        public sealed class H : Hub<IClient>
        {
            public async Task<bool> Run() => await {|TSK3001:Clients.Room("red").Confirm("?")|};

            public async Task<bool> Outside(IHubContext<H, IClient> context) => await {|TSK3001:context.Clients.All.Confirm("?")|};
        }
        """, """
        using System;
        using System.Threading.Tasks;
        using TypedSockets.Hubs;
        public interface IClient { Task<bool> Confirm(string question); }
        public sealed class H : Hub<IClient>
        {
            public async Task<bool> Run() => await Clients.WithTimeout(TimeSpan.FromSeconds(30)).Room("red").Confirm("?");

            public async Task<bool> Outside(IHubContext<H, IClient> context) => await context.Clients.WithTimeout(TimeSpan.FromSeconds(30)).All.Confirm("?");
        }
        """);
}
