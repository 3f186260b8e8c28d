namespace TypedSockets.Analyzers.Tests.Corpus;

/// <summary>
/// The corpus: valid contracts (no diagnostic at all, the generated code included, with nullable enabled) and broken
/// ones (exactly the marked TSK diagnostics, and no compiler error that follows from them, such as CS0311 at MapHub).
/// Conventions: <c>IHub</c> is client-to-server, <c>IClient</c> server-to-client, <c>H</c> the hub; every hub is
/// mapped with <c>MapHub</c> and its context injected, as an application would.
/// </summary>
internal static class ContractCorpus
{
    private const string Client = """
        public interface IClient { Task Notify(string text); Task<bool> Confirm(string question); }

        """;

    private const string Note = """
        public sealed record Note(string Text, int Level);
        [JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
        [JsonSerializable(typeof(Note))] [JsonSerializable(typeof(List<Note>))] [JsonSerializable(typeof(Note[]))] [JsonSerializable(typeof(Dictionary<string, int>))] [JsonSerializable(typeof(Level))]
        public sealed partial class NoteContext : JsonSerializerContext;
        public enum Level { Low, High }

        """;

    private static string Use(string hub = "H", string client = "IClient") => $$"""

        public static class Startup
        {
            public static void Map(WebApplication app) => app.MapHub<{{hub}}>();
            public static Task Tell(IHubContext<{{hub}}, {{client}}> context) => context.Clients.All.Notify("hi");
        }
        """;

    private static string MapOnly(string hub = "H") => $$"""

        public static class Startup { public static void Map(WebApplication app) => app.MapHub<{{hub}}>(); }
        """;

    private static ContractCase Case(string name, string source, string? library = null) => new(name, source, library);

    public static IEnumerable<ContractCase> Valid() =>
    [
        Case("valid: primitives and every task type", Client + """
            public interface IHub { Task Ping(); Task<int> Add(int a, int b); ValueTask Touch(string s); ValueTask<bool> Flag(bool b); }
            [Hub("/math")] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task Ping() => Task.CompletedTask;
                public Task<int> Add(int a, int b) => Task.FromResult(a + b);
                public ValueTask Touch(string s) => default;
                public ValueTask<bool> Flag(bool b) => ValueTask.FromResult(!b);
            }
            """ + Use()),
        Case("valid: an abstract base hub without [Hub] and a hub deriving it", Client + """
            public interface IHub { Task Ping(); }
            public abstract class HubBase : Hub<IClient> { protected Task Tell(string text) => Clients.All.Notify(text); }
            public abstract partial class PartialHubBase : Hub<IClient>;
            [Hub] public sealed partial class H : HubBase, IHub { public Task Ping() => Tell("pong"); }
            """ + Use()),
        Case("valid: records through a JSON context", Client + Note + """
            public interface IHub { Task<Note> Echo(Note note); Task<List<Note>> All(Note[] notes); Task<Dictionary<string, int>> Counts(); Task<Level> Rate(Level level); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task<Note> Echo(Note note) => Task.FromResult(note);
                public Task<List<Note>> All(Note[] notes) => Task.FromResult(notes.ToList());
                public Task<Dictionary<string, int>> Counts() => Task.FromResult(new Dictionary<string, int>());
                public Task<Level> Rate(Level level) => Task.FromResult(level);
            }
            """ + Use()),
        Case("valid: an explicit interface implementation", Client + """
            public interface IHub { Task<string> Echo(string text); Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                Task<string> IHub.Echo(string text) => Task.FromResult(text);
                Task IHub.Ping() => Task.CompletedTask;
            }
            """ + Use()),
        Case("valid: [Event] on the contract", Client + """
            public interface IHub { [Event("post message")] Task Post(string text); [Event("get-count")] Task<int> Count(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task Post(string text) => Task.CompletedTask;
                public Task<int> Count() => Task.FromResult(1);
            }
            """ + Use()),
        Case("valid: a disposable hub", Client + """
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub, IDisposable
            {
                public Task Ping() => Task.CompletedTask;
                public void Dispose() { }
            }
            """ + Use()),
        Case("valid: an async-disposable hub", Client + """
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub, IAsyncDisposable
            {
                public Task Ping() => Task.CompletedTask;
                public ValueTask DisposeAsync() => default;
            }
            """ + Use()),
        Case("valid: both disposal interfaces, one explicit", Client + """
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub, IDisposable, IAsyncDisposable
            {
                public Task Ping() => Task.CompletedTask;
                void IDisposable.Dispose() { }
                public ValueTask DisposeAsync() => default;
            }
            """ + Use()),
        Case("valid: optional parameters", Client + Note + """
            public interface IHub { Task<string> Greet(string name, string greeting = "hello", int times = 1, Level level = Level.High, string? tag = null, decimal rate = 1.5m, CancellationToken token = default); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task<string> Greet(string name, string greeting = "hello", int times = 1, Level level = Level.High, string? tag = null, decimal rate = 1.5m, CancellationToken token = default) => Task.FromResult(name);
            }
            """ + Use()),
        Case("valid: a CancellationToken last", Client + """
            public interface IHub { Task<int> Slow(int n, CancellationToken token); Task Stop(CancellationToken token); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task<int> Slow(int n, CancellationToken token) => Task.FromResult(n);
                public Task Stop(CancellationToken token) => Task.CompletedTask;
            }
            """ + Use()),
        Case("valid: nullable results (no CS8620 in generated code)", Client + Note + """
            public interface IHub { Task<string?> Find(string key); ValueTask<Note?> Get(int id); Task<int?> Count(); ValueTask<string?> Maybe(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task<string?> Find(string key) => Task.FromResult<string?>(null);
                public ValueTask<Note?> Get(int id) => ValueTask.FromResult<Note?>(null);
                public Task<int?> Count() => Task.FromResult<int?>(null);
                public ValueTask<string?> Maybe() => default;
            }
            """ + Use()),
        Case("valid: nullable parameters", Client + Note + """
            public interface IHub { Task Set(string? name, int? age, Note? note, Guid? id); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task Set(string? name, int? age, Note? note, Guid? id) => Task.CompletedTask;
            }
            """ + Use()),
        Case("valid: binary and raw JSON", Client + """
            public interface IHub { Task<byte[]> Echo(byte[] data); Task<ReadOnlyMemory<byte>> Slice(ReadOnlyMemory<byte> data); Task<RawJson> Relay(RawJson json); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task<byte[]> Echo(byte[] data) => Task.FromResult(data);
                public Task<ReadOnlyMemory<byte>> Slice(ReadOnlyMemory<byte> data) => Task.FromResult(data);
                public Task<RawJson> Relay(RawJson json) => Task.FromResult(json);
            }
            """ + Use()),
        Case("valid: every primitive the generator writes", Client + """
            public interface IHub { Task<Guid> All(Guid g, decimal m, long l, double d, float f, bool b, string s, int i); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task<Guid> All(Guid g, decimal m, long l, double d, float f, bool b, string s, int i) => Task.FromResult(g);
            }
            """ + Use()),
        Case("valid: an inherited contract", Client + """
            public interface IBase { Task Ping(); }
            public interface IHub : IBase { Task<int> Add(int a, int b); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task Ping() => Task.CompletedTask;
                public Task<int> Add(int a, int b) => Task.FromResult(a + b);
            }
            """ + Use()),
        Case("valid: awaiting the caller's result in a hub method (the documented example)", Client + """
            public interface IHub { Task<bool> Delete(string id); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public async Task<bool> Delete(string id) => await Clients.Caller.Confirm("Sure?");
            }
            """ + Use()),
        Case("valid: client results from many with a timeout, or from one", Client + """
            public interface IHub { Task<bool> Ask(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public async Task<bool> Ask()
                {
                    var many = Clients.WithTimeout(TimeSpan.FromSeconds(2)).All.Confirm("?");
                    var one = Clients.Client("id").Confirm("?");
                    await Task.WhenAll(many, one);
                    return many.Result && await one;
                }
            }
            """ + Use()),
        Case("valid: services in the constructor", Client + """
            public interface IHub { Task Ping(); }
            public sealed class Clock { }
            [Hub] public sealed partial class H(Clock clock, Microsoft.Extensions.Logging.ILogger<H>? logger = null) : Hub<IClient>, IHub
            {
                public Task Ping() => Task.FromResult(clock.ToString() + logger);
            }
            """ + Use()),
        Case("valid: a hub in the global namespace with a lambda using Clients later", Client + """
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                private readonly Func<Task> _later;
                public H() => _later = () => Clients.All.Notify("later");
                public Task Ping() => _later();
            }
            """ + Use()),
        Case("valid: a hub in a namespace and a typed client", """
            namespace Chat
            {
                public interface IClient { Task Notify(string text); Task<bool> Confirm(string question); }
                public interface IHub { Task<int> Add(int a, int b); }
                [Hub("/chat")] public sealed partial class ChatHub : Hub<IClient>, IHub
                {
                    public Task<int> Add(int a, int b) => Task.FromResult(a + b);
                }

                [TypedSockets.Client.TypedSocketsClient(typeof(IHub), typeof(IClient), Namespace = "/chat")]
                public sealed partial class ChatClient;
            }
            """ + Use("Chat.ChatHub", "Chat.IClient")),
        Case("valid: contracts and their JSON context in a class library", """
            [Hub("/notes")] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task<Note> Echo(Note note) => Task.FromResult(note);
            }

            [TypedSockets.Client.TypedSocketsClient(typeof(IHub), typeof(IClient), Namespace = "/notes")]
            public sealed partial class NotesClient;
            """ + Use(), library: """
            public sealed record Note(string Text);
            public interface IClient { Task Notify(string text); Task Noted(Note note); }
            public interface IHub { Task<Note> Echo(Note note); }
            [JsonSerializable(typeof(Note))] public sealed partial class ContractsContext : JsonSerializerContext;
            """),
        Case("valid: two hubs on two namespaces", Client + """
            public interface IHub { Task Ping(); }
            [Hub("/a")] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            [Hub("/b")] public sealed partial class Other : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            public static class MoreStartup { public static void Map(WebApplication app) => app.MapHub<Other>(); }
            """ + Use()),
        Case("valid: a namespace with every character a client keeps", Client + """
            public interface IHub { Task Ping(); }
            [Hub("/admin-v2_x.y/~z")] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("valid: a hub deriving from an abstract base hub", Client + """
            public interface IHub { Task Ping(); }
            public abstract class BaseHub : Hub<IClient> { protected Task Say(string text) => Clients.Caller.Notify(text); }
            [Hub] public sealed partial class H : BaseHub, IHub { public Task Ping() => Say("pong"); }
            """ + Use()),
        Case("valid: an extra public method is an event too", Client + """
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task Ping() => Task.CompletedTask;
                [Event("extra")] public Task<int> Extra() => Task.FromResult(1);
            }
            """ + Use()),
        Case("valid: the Engine.IO endpoint moved by name", Client + """
            public interface IHub { Task Ping(); }
            [Hub("/chat")] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            public static class Moved { public static void Map(WebApplication app) => app.MapHubAtEngineIOPath<H>("/realtime/"); }
            """ + Use()),
        Case("valid: client-proxy tasks awaited, kept or discarded", Client + """
            public interface IHub { Task Run(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public async Task Run()
                {
                    await Clients.All.Notify("a").ConfigureAwait(false);
                    _ = Clients.Others.Notify("b");
                    var kept = Clients.Caller.Notify("c");
                    await kept;
                }
            }
            """ + Use()),
        Case("valid: a client contract with a client result and an event name", """
            public interface IClient { Task Notify(string text); Task<bool> Confirm(string question); [Event("some event")] Task SomeEvent(int n); }
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Clients.Caller.SomeEvent(1); }
            """ + Use()),
        Case("valid: a polymorphic interface payload with [JsonDerivedType]", Client + """
            [JsonDerivedType(typeof(Circle), "circle")] public interface IShape { }
            public sealed record Circle(double R) : IShape;
            [JsonSerializable(typeof(IShape))] public sealed partial class ShapeContext : JsonSerializerContext;
            public interface IHub { Task<IShape> Grow(IShape shape); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task<IShape> Grow(IShape shape) => Task.FromResult(shape); }
            """ + Use()),
        Case("valid: a named JSON context that lists everything", Client + Note + """
            public interface IHub { Task<Note> Echo(Note note); }
            [Hub(JsonContext = typeof(NoteContext))] public sealed partial class H : Hub<IClient>, IHub { public Task<Note> Echo(Note note) => Task.FromResult(note); }
            """ + Use()),
        Case("valid: OnConnected and OnDisconnected use the connection", Client + """
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public override Task OnConnected() => Clients.Caller.Notify(Context.ConnectionId);
                public override Task OnDisconnected(string reason) => Groups.Remove("room");
                public Task Ping() => Task.CompletedTask;
            }
            """ + Use()),
    ];

    public static IEnumerable<ContractCase> Broken() =>
    [
        Case("TSK0001: a class as the client contract", """
            public class ClientClass { }
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class {|TSK0001:H|} : Hub<ClientClass>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + MapOnly()),
        Case("TSK0001: a class as a typed client's hub contract", Client + """
            public class HubClass { }
            [TypedSockets.Client.TypedSocketsClient({|TSK0001:typeof(HubClass)|}, typeof(IClient))] public sealed partial class C;
            """),
        Case("TSK0002: a property in the hub contract", Client + """
            public interface IHub { Task Ping(); int {|TSK0002:Count|} { get; } }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; public int Count => 0; }
            """ + Use()),
        Case("TSK0002: an event in the client contract", """
            public interface IClient { Task Notify(string text); event Action {|TSK0002:Changed|}; }
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + MapOnly()),
        Case("TSK0003: a synchronous hub method", Client + """
            public interface IHub { int {|TSK0003:Add|}(int a, int b); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public int Add(int a, int b) => a + b; }
            """ + Use()),
        Case("TSK0003: a void hub method", Client + """
            public interface IHub { void {|TSK0003:Ping|}(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public void Ping() { } }
            """ + Use()),
        Case("TSK0004: a client method returning ValueTask", """
            public interface IClient { Task Notify(string text); ValueTask {|TSK0004:Tick|}(); }
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0004: a client method returning a value", """
            public interface IClient { Task Notify(string text); int {|TSK0004:Count|}(); }
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0005: a ref parameter", Client + """
            public interface IHub { Task Set(ref int {|TSK0005:value|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Set(ref int value) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0005: an out parameter", Client + """
            public interface IHub { Task Get(out int {|TSK0005:value|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Get(out int value) { value = 1; return Task.CompletedTask; } }
            """ + Use()),
        Case("TSK0005: a params parameter", Client + """
            public interface IHub { Task Sum(params int[] {|TSK0005:values|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Sum(params int[] values) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0005: an in parameter", Client + """
            public interface IHub { Task Set(in int {|TSK0005:value|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Set(in int value) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0006: a CancellationToken that is not last", Client + """
            public interface IHub { Task Run(CancellationToken {|TSK0006:token|}, int n); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Run(CancellationToken token, int n) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0006: two CancellationTokens", Client + """
            public interface IHub { Task Run(CancellationToken a, CancellationToken {|TSK0006:b|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Run(CancellationToken a, CancellationToken b) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0006: a CancellationToken in a client method", """
            public interface IClient { Task Notify(string text, CancellationToken {|TSK0006:token|}); }
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + MapOnly()),
        Case("TSK0006: a nullable CancellationToken", Client + """
            public interface IHub { Task Run(int n, CancellationToken? {|TSK0006:token|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Run(int n, CancellationToken? token) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0007: a generic hub method", Client + """
            public interface IHub { Task {|TSK0007:Echo|}<T>(T value); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Echo<T>(T value) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0007: a generic client method", """
            public interface IClient { Task Notify(string text); Task {|TSK0007:Push|}<T>(T value); }
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0008: a hub that is not partial", Client + """
            public interface IHub { Task Ping(); }
            [Hub] public sealed class {|TSK0008:H|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """),
        Case("TSK0008: a nested hub", Client + """
            public interface IHub { Task Ping(); }
            public static partial class Outer
            {
                [Hub] public sealed partial class {|TSK0008:H|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            }
            """),
        Case("TSK0008: a generic hub", Client + """
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class {|TSK0008:H|}<T> : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """),
        Case("TSK0008: an abstract hub", Client + """
            public interface IHub { Task Ping(); }
            [Hub] public abstract partial class {|TSK0008:H|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """),
        Case("TSK0008: a hub without a public constructor", Client + """
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class {|TSK0008:H|} : Hub<IClient>, IHub { private H() { } public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0008: a typed client that is not partial", Client + """
            public interface IHub { Task Ping(); }
            [TypedSockets.Client.TypedSocketsClient(typeof(IHub), typeof(IClient))] public sealed class {|TSK0008:C|} { }
            """),
        Case("TSK0009: [Hub] without Hub<TClient>", """
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class {|TSK0009:H|} : IHub { public Task Ping() => Task.CompletedTask; }
            """ + MapOnly()),
        Case("TSK0009: two hub contracts", Client + """
            public interface IHub { Task Ping(); }
            public interface IMore { Task Pong(); }
            [Hub] public sealed partial class {|TSK0009:H|} : Hub<IClient>, IHub, IMore { public Task Ping() => Task.CompletedTask; public Task Pong() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0009: a second contract inherited through a base class", Client + """
            public interface IHub { Task Ping(); }
            public interface IMore { Task Pong(); }
            public abstract class BaseHub : Hub<IClient>, IMore { public Task Pong() => Task.CompletedTask; }
            [Hub] public sealed partial class {|TSK0009:H|} : BaseHub, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0009: no hub contract", Client + """
            [Hub] public sealed partial class {|TSK0009:H|} : Hub<IClient> { }
            """ + Use()),
        Case("TSK0010: Clients in the hub's constructor", Client + """
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                private readonly IClient _all;
                public H() => _all = {|TSK0010:Clients|}.All;
                public Task Ping() => _all.Notify("x");
            }
            """ + Use()),
        Case("TSK0010: Context in the hub's constructor", Client + """
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                private readonly string _id;
                public H() { _id = {|TSK0010:Context|}.ConnectionId; }
                public Task Ping() => Task.FromResult(_id);
            }
            """ + Use()),
        Case("TSK0011: a partial hub without [Hub], mapped", Client + """
            public interface IHub { Task Ping(); }
            public sealed partial class {|TSK0011:H|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0011: a partial hub without [Hub] in two parts", Client + """
            public interface IHub { Task Ping(); }
            public sealed partial class {|TSK0011:H|} : Hub<IClient>, IHub { }
            public sealed partial class H : TypedSockets.Hubs.Hub<IClient> { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK0011: a hub without [Hub] is not a hub, so its contract is not checked", Client + """
            public interface IHub { bool Join(string room); }
            public sealed partial class {|TSK0011:H|} : Hub<IClient>, IHub { public bool Join(string room) => true; }
            """ + Use()),
        Case("TSK0011: a hub without [Hub] that is not partial (CS0311 follows at MapHub)", Client + """
            public interface IHub { Task Ping(); }
            public sealed class {|TSK0011:H|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            public static class Startup { public static void Map(WebApplication app) => app.{|CS0311:MapHub<H>|}(); }
            """),
        Case("TSK1001: overloads map to one event", Client + """
            public interface IHub { Task Send(string text); Task {|TSK1001:Send|}(int n); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Send(string text) => Task.CompletedTask; public Task Send(int n) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK1001: [Event] collides with a method name", Client + """
            public interface IHub { Task Ping(); [Event("ping")] Task {|TSK1001:Other|}(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; public Task Other() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK1002: a reserved event name by method name", Client + """
            public interface IHub { Task {|TSK1002:Disconnect|}(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Disconnect() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK1002: a reserved event name by [Event]", """
            public interface IClient { [Event("connect_error")] Task {|TSK1002:Failed|}(string reason); }
            public interface IHub { Task Ping(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + MapOnly()),
        Case("TSK1003: a namespace without a leading slash", Client + """
            public interface IHub { Task Ping(); }
            [Hub({|TSK1003:"chat"|})] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK1003: a namespace holding '?'", Client + """
            public interface IHub { Task Ping(); }
            [Hub({|TSK1003:"/chat?room=1"|})] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK1003: a namespace holding a space", Client + """
            public interface IHub { Task Ping(); }
            [Hub({|TSK1003:"/my chat"|})] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK1003: a namespace holding '#' or ','", Client + """
            public interface IHub { Task Ping(); }
            [Hub({|TSK1003:"/a,b#c"|})] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK1003: a typed client's namespace holding '?'", Client + """
            public interface IHub { Task Ping(); }
            [TypedSockets.Client.TypedSocketsClient(typeof(IHub), typeof(IClient), {|TSK1003:Namespace = "/x?y"|})] public sealed partial class C;
            """),
        Case("TSK1003: an empty event name", Client + """
            public interface IHub { [Event("")] Task {|TSK1003:Ping|}(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK1004: two hubs on one namespace", Client + """
            public interface IHub { Task Ping(); }
            [Hub("/same")] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            [Hub("/same")] public sealed partial class {|TSK1004:Other|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK1005: [Event] on the hub's implementation", Client + """
            public interface IHub { Task Post(string text); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                [{|TSK1005:Event("post message")|}] public Task Post(string text) => Task.CompletedTask;
            }
            """ + Use()),
        Case("TSK1005: [Event] on an explicit implementation", Client + """
            public interface IHub { Task Post(string text); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                [{|TSK1005:Event("other")|}] Task IHub.Post(string text) => Task.CompletedTask;
            }
            """ + Use()),
        Case("TSK2001: a record no JSON context lists", Client + """
            public sealed record Point(int X, int Y);
            public interface IHub { Task<Point> {|TSK2001:Move|}(Point to); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task<Point> Move(Point to) => Task.FromResult(to); }
            """ + Use()),
        Case("TSK2001: a named context missing one type", Client + Note + """
            public sealed record Point(int X, int Y);
            public interface IHub { Task<Note> Echo(Note note); Task {|TSK2001:Move|}(Point to); }
            [Hub(JsonContext = typeof(NoteContext))] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task<Note> Echo(Note note) => Task.FromResult(note);
                public Task Move(Point to) => Task.CompletedTask;
            }
            """ + Use()),
        Case("TSK2002: a Stream parameter", Client + """
            public interface IHub { Task Upload(System.IO.Stream {|TSK2002:data|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Upload(System.IO.Stream data) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK2002: a delegate parameter", Client + """
            public interface IHub { Task Run(Func<int> {|TSK2002:callback|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Run(Func<int> callback) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK2002: a ValueTuple result", Client + """
            [JsonSerializable(typeof((int, string)))] public sealed partial class TupleContext : JsonSerializerContext;
            public interface IHub { Task<(int Count, string Name)> {|TSK2002:Stats|}(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task<(int Count, string Name)> Stats() => Task.FromResult((1, "a")); }
            """ + Use()),
        Case("TSK2002: a ValueTuple parameter", Client + """
            public interface IHub { Task Move((int X, int Y) {|TSK2002:to|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Move((int X, int Y) to) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK2002: a list of ValueTuples", Client + """
            public interface IHub { Task Plot(List<(int, int)> {|TSK2002:points|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Plot(List<(int, int)> points) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK2002: a ChannelReader parameter", Client + """
            public interface IHub { Task Upload(System.Threading.Channels.ChannelReader<int> {|TSK2002:items|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Upload(System.Threading.Channels.ChannelReader<int> items) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK2002: an IAsyncEnumerable parameter", Client + """
            public interface IHub { Task Upload(IAsyncEnumerable<int> {|TSK2002:items|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Upload(IAsyncEnumerable<int> items) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK2002: an interface without [JsonDerivedType]", Client + """
            public interface IShape { }
            public interface IHub { Task Draw(IShape {|TSK2002:shape|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Draw(IShape shape) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK2003: an object parameter", Client + """
            public interface IHub { Task Send(object {|TSK2003:payload|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Send(object payload) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK2003: a dynamic parameter", Client + """
            public interface IHub { Task Send(dynamic {|TSK2003:payload|}); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task Send(dynamic payload) => Task.CompletedTask; }
            """ + Use()),
        Case("TSK2003: a JsonElement result", Client + """
            public interface IHub { Task<System.Text.Json.JsonElement> {|TSK2003:Get|}(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task<System.Text.Json.JsonElement> Get() => Task.FromResult(default(System.Text.Json.JsonElement)); }
            """ + Use()),
        Case("TSK2004: a JsonContext that is not a context", Client + """
            public sealed class NotAContext { }
            public interface IHub { Task Ping(); }
            [Hub(JsonContext = typeof(NotAContext))] public sealed partial class {|TSK2004:H|} : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            """ + Use()),
        Case("TSK3001: a client result from all, awaited", Client + """
            public interface IHub { Task<bool> Ask(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public async Task<bool> Ask() => await {|TSK3001:Clients.All.Confirm("?")|}; }
            """ + Use()),
        Case("TSK3001: a client result from a room, returned", Client + """
            public interface IHub { Task<bool> Ask(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub { public Task<bool> Ask() => {|TSK3001:Clients.Room("r").Confirm("?")|}; }
            """ + Use()),
        Case("TSK3001: client results kept and joined with WhenAll", Client + """
            public interface IHub { Task<bool> Ask(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public async Task<bool> Ask()
                {
                    var a = {|TSK3001:Clients.Others.Confirm("a")|};
                    var results = await Task.WhenAll(a, {|TSK3001:Clients.All.Confirm("b")|});
                    return results[0];
                }
            }
            """ + Use()),
        Case("TSK3001: a client result waited on by blocking", Client + """
            public interface IHub { Task<bool> Ask(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task<bool> Ask()
                {
                    var a = {|TSK3001:Clients.All.Confirm("a")|}.Result;
                    {|TSK3001:Clients.All.Confirm("b")|}.Wait();
                    return Task.FromResult(a && {|TSK3001:Clients.All.Confirm("c")|}.GetAwaiter().GetResult());
                }
            }
            """ + Use()),
        Case("TSK3002: a dropped client-proxy task", Client + """
            public interface IHub { Task Run(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task Run()
                {
                    {|TSK3002:Clients.All.Notify("hi")|};
                    return Task.CompletedTask;
                }
            }
            """ + Use()),
        Case("TSK3002: a task dropped behind ConfigureAwait(false)", Client + """
            public interface IHub { Task Run(); }
            [Hub] public sealed partial class H : Hub<IClient>, IHub
            {
                public Task Run()
                {
                    {|TSK3002:Clients.All.Notify("hi")|}.ConfigureAwait(false);
                    {|TSK3002:Groups.Add("room")|}.ConfigureAwait(false);
                    return Task.CompletedTask;
                }
            }
            """ + Use()),
        Case("CS0619: MapHub with a path, read as a namespace by SignalR users", Client + """
            public interface IHub { Task Ping(); }
            [Hub("/chat")] public sealed partial class H : Hub<IClient>, IHub { public Task Ping() => Task.CompletedTask; }
            public static class Startup { public static void Map(WebApplication app) => {|CS0619:app.MapHub<H>("/chat")|}; }
            """),
    ];
}
