using Verify = TypedSockets.Analyzers.Tests.Verifier;

namespace TypedSockets.Analyzers.Tests;

/// <summary>TSK3001–TSK3003: how hub code calls its clients.</summary>
public sealed class CallSiteTests
{
    private const string Contracts = """
        using System.Threading.Tasks;
        using TypedSockets.Hubs;

        public interface IClient { Task Notify(string text); Task<bool> Confirm(string question); }
        public interface IHub { Task Run(); Task<bool> Ask(); }

        """;

    [Fact]
    public Task TSK3001_a_client_result_from_several_recipients() => Verify.Analyze<ClientResultFromManyAnalyzer>(Contracts + """
        public sealed partial class H : Hub<IClient>, IHub
        {
            public async Task Run()
            {
                await {|TSK3001:Clients.All.Confirm("?")|};
                await {|TSK3001:Clients.Room("a").Confirm("?")|}.ConfigureAwait(false);
                await {|TSK3001:Clients.Others.Confirm("?")|};
                await Clients.Client("id").Confirm("?");
                await Clients.All.Notify("hi");
            }

            public async Task<bool> Ask() => await Clients.Caller.Confirm("?");
        }
        """);

    [Fact]
    public Task TSK3002_a_dropped_client_or_emit_task() => Verify.Analyze<DroppedTaskAnalyzer>(Contracts + """
        public sealed partial class H : Hub<IClient>, IHub
        {
            public async Task Run()
            {
                {|TSK3002:Clients.All.Notify("hi")|};
                {|TSK3002:Groups.Add("room")|};
                _ = Clients.All.Notify("discarded on purpose");
                var task = Clients.Others.Notify("kept");
                await task;
                await Clients.Caller.Notify("awaited");
                Task.Delay(1);
            }

            public Task<bool> Ask() => Clients.Client("id").Confirm("?");
        }
        """);

    [Fact]
    public Task TSK3003_awaiting_the_callers_result_inside_a_hub_method() => Verify.Analyze<CallerResultDeadlockAnalyzer>(Contracts + """
        public sealed partial class H : Hub<IClient>, IHub
        {
            public async Task Run() => await Clients.Caller.Notify("no result: fine");

            public async Task<bool> Ask() => await {|TSK3003:Clients.Caller.Confirm("?")|};

            private async Task<bool> Helper() => await Clients.Client("other").Confirm("?");
        }

        public sealed class NotAHub
        {
            public async Task<bool> Ask(HubClients<IClient> clients) => await clients.Client("x").Confirm("?");
        }
        """);
}
