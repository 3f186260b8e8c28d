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
    public Task TSK3001_a_client_result_from_several_recipients_without_a_timeout() => Verify.Analyze<ClientResultFromManyAnalyzer>(Contracts + """
        public sealed partial class H : Hub<IClient>, IHub
        {
            public async Task Run()
            {
                await {|TSK3001:Clients.All.Confirm("?")|};
                await {|TSK3001:Clients.Room("a").Confirm("?")|}.ConfigureAwait(false);
                await {|TSK3001:Clients.Others.Confirm("?")|};
                var clients = Clients;
                var room = clients.Room("b");
                await {|TSK3001:room.Confirm("?")|};
                await Clients.Client("id").Confirm("?");
                await Clients.All.Notify("hi");
            }

            public async Task<bool> Ask() => await Clients.Caller.Confirm("?");
        }

        public sealed class Outside
        {
            public async Task<bool> Ask(IHubContext<H, IClient> context) => await {|TSK3001:context.Clients.Rooms("a", "b").Confirm("?")|};
        }
        """);

    [Fact]
    public Task TSK3001_is_not_reported_with_a_timeout_or_where_the_recipients_are_unknown() => Verify.Analyze<ClientResultFromManyAnalyzer>(Contracts + """
        public sealed partial class H : Hub<IClient>, IHub
        {
            private static readonly System.TimeSpan Limit = System.TimeSpan.FromSeconds(2);

            public async Task Run()
            {
                await Clients.WithTimeout(Limit).All.Confirm("?");
                await Clients.WithTimeout(Limit).Room("a").Confirm("?").ConfigureAwait(false);
                await Clients.WithTimeout(Limit).Others.Confirm("?");
                var timed = Clients.WithTimeout(Limit);
                await timed.Except("a").Confirm("?");
                var room = timed.Room("b");
                await room.Confirm("?");
            }

            public async Task<bool> Ask() => await Clients.WithTimeout(Limit).Caller.Confirm("?");

            // Whoever passes the HubClients in chose its timeout.
            public static Task<bool> AskAll(HubClients<IClient> clients) => clients.All.Confirm("?");
        }

        public sealed class Outside
        {
            public async Task<bool> Ask(IHubContext<H, IClient> context) => await context.Clients.WithTimeout(System.TimeSpan.FromSeconds(1)).All.Confirm("?");

            public async Task<bool> AskGiven(HubClients<IClient> clients) => await clients.All.Confirm("?");
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
