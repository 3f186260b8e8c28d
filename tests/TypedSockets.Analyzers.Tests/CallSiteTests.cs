using Verify = TypedSockets.Analyzers.Tests.Verifier;

namespace TypedSockets.Analyzers.Tests;

/// <summary>TSK3001–TSK3002: how hub code calls its clients.</summary>
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
    public Task TSK3001_does_not_depend_on_how_the_task_is_awaited() => Verify.Analyze<ClientResultFromManyAnalyzer>(Contracts + """
        public sealed partial class H : Hub<IClient>, IHub
        {
            public Task Run() => {|TSK3001:Clients.All.Confirm("returned")|};

            public async Task<bool> Ask()
            {
                var kept = {|TSK3001:Clients.Others.Confirm("kept")|};
                await Task.WhenAll({|TSK3001:Clients.All.Confirm("a")|}, {|TSK3001:Clients.Room("r").Confirm("b")|});
                var blocked = {|TSK3001:Clients.All.Confirm("result")|}.Result;
                {|TSK3001:Clients.All.Confirm("wait")|}.Wait();
                var got = {|TSK3001:Clients.All.Confirm("awaiter")|}.GetAwaiter().GetResult();
                return await kept && blocked && got;
            }
        }
        """);

    [Fact]
    public Task TSK3002_a_task_dropped_behind_ConfigureAwait() => Verify.Analyze<DroppedTaskAnalyzer>(Contracts + """
        public sealed partial class H : Hub<IClient>, IHub
        {
            public Task Run()
            {
                {|TSK3002:Clients.All.Notify("hi")|}.ConfigureAwait(false);
                return Task.CompletedTask;
            }

            public Task<bool> Ask() => Clients.Caller.Confirm("?");
        }
        """);

    [Fact]
    public Task TSK0010_the_connection_used_in_a_hub_constructor() => Verify.Analyze<HubConstructorAnalyzer>(Contracts + """
        public sealed partial class H : Hub<IClient>, IHub
        {
            private readonly System.Func<Task> _later;

            public H()
            {
                var clients = {|TSK0010:Clients|};
                var id = {|TSK0010:this.Context|}.ConnectionId;
                _later = () => Clients.All.Notify("a lambda runs later: fine");
            }

            public Task Run() => Clients.All.Notify(Context.ConnectionId);

            public Task<bool> Ask() => Clients.Caller.Confirm("?");
        }
        """);
}
