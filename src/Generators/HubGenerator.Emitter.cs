using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using TypedSockets.Generators.Model;

namespace TypedSockets.Generators;

public sealed partial class HubGenerator
{
    /// <summary>Specs to source text.</summary>
    internal static partial class Emitter
    {
        private const string Tasks = "global::System.Threading.Tasks";
        private const string HubArguments = "global::TypedSockets.Hubs.Infrastructure.HubArguments";
        private const string ClientNamespace = "global::TypedSockets.Client";
        private const string JsonClass = "TypedSocketsJson";

        private static string GeneratedCode => $"[global::System.CodeDom.Compiler.GeneratedCode(\"TypedSockets.Generators\", \"{Version}\")]";

        public static SourceText EmitHub(HubSpec spec)
        {
            if (spec.HasContractErrors)
            {
                return EmitInvalidHub(spec);
            }

            if (spec.NeedsJsonContext)
            {
                return EmitUnservableHub(spec);
            }

            var hub = spec.Type.FullyQualifiedName;
            var client = spec.ClientInterface;
            var writer = BeginHub(spec);
            writer.WriteLine(GeneratedCode);
            writer.WriteLine("static void global::TypedSockets.Hubs.Infrastructure.IHubDefinition.Bind(global::TypedSockets.SocketIO.Namespace @namespace, global::System.IServiceProvider services) =>");
            writer.WriteLine("    new TypedSocketsDispatcher(services).Bind(@namespace);");
            writer.WriteLine();
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"static {client} global::TypedSockets.Hubs.Infrastructure.IHubDefinition<{client}>.CreateClientProxy(global::TypedSockets.Hubs.Infrastructure.ClientTarget target) =>");
            writer.WriteLine("    new TypedSocketsClientProxy(target);");
            writer.WriteLine();
            writer.WriteLine("/// <summary>Announces the hub so that <c>AddTypedSockets</c> registers its hub context.</summary>");
            writer.WriteLine(GeneratedCode);
            writer.WriteLine("[global::System.Runtime.CompilerServices.ModuleInitializer]");
            writer.WriteLine($"internal static void RegisterTypedSocketsHub() => global::TypedSockets.Hubs.Infrastructure.HubRegistry.Add<{hub}, {client}>();");
            writer.WriteLine();
            WriteDispatcher(writer, spec);
            writer.WriteLine();
            WriteProxy(writer, "TypedSocketsClientProxy", client, spec.ClientMethods, "global::TypedSockets.Hubs.Infrastructure.ClientTarget", ProxyKind.Server);
            WriteJsonTypes(writer, spec.JsonContext, spec.Events.Concat(spec.ClientMethods));
            writer.CloseBlock();
            return End(writer, spec.Type);
        }

        /// <summary>
        /// A hub whose JSON types no context lists (TSK2001, a warning outside AOT): a definition, so that
        /// <c>MapHub&lt;THub&gt;()</c> compiles, whose binding and client proxies throw, so the hub cannot go
        /// missing at run time without a word. No dispatch and no registration of its hub context.
        /// </summary>
        private static SourceText EmitUnservableHub(HubSpec spec)
        {
            var client = spec.ClientInterface;
            var message = MissingJsonContextMessage($"Hub '{spec.Type.Name}' cannot be served", spec.Events.Concat(spec.ClientMethods), "Hub");
            var writer = BeginHub(spec);
            writer.WriteLine(GeneratedCode);
            writer.WriteLine("static void global::TypedSockets.Hubs.Infrastructure.IHubDefinition.Bind(global::TypedSockets.SocketIO.Namespace @namespace, global::System.IServiceProvider services) =>");
            writer.WriteLine($"    throw new global::System.InvalidOperationException({Literal(message)});");
            writer.WriteLine();
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"static {client} global::TypedSockets.Hubs.Infrastructure.IHubDefinition<{client}>.CreateClientProxy(global::TypedSockets.Hubs.Infrastructure.ClientTarget target) =>");
            writer.WriteLine($"    throw new global::System.InvalidOperationException({Literal(message)});");
            writer.CloseBlock();
            return End(writer, spec.Type);
        }

        /// <summary>
        /// A hub whose contract has an error (reported by the analyzer): a definition whose binding and client proxies
        /// throw, so that code naming the hub compiles and the TSK error is all the user sees; it never runs.
        /// </summary>
        private static SourceText EmitInvalidHub(HubSpec spec)
        {
            var client = spec.ClientInterface;
            var message = Literal($"Hub '{spec.Type.Name}' has contract errors (TSK diagnostics) and cannot be served.");
            var writer = Begin(spec.Type);
            writer.WriteLine(client.Length == 0
                ? $"partial class {spec.Type.Name} : global::TypedSockets.Hubs.Infrastructure.IHubDefinition"
                : $"partial class {spec.Type.Name} : global::TypedSockets.Hubs.Infrastructure.IHubDefinition<{client}>");
            writer.OpenBlock();
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"static string global::TypedSockets.Hubs.Infrastructure.IHubDefinition.Namespace => {Literal(spec.SocketNamespace)};");
            writer.WriteLine();
            writer.WriteLine(GeneratedCode);
            writer.WriteLine("static void global::TypedSockets.Hubs.Infrastructure.IHubDefinition.Bind(global::TypedSockets.SocketIO.Namespace @namespace, global::System.IServiceProvider services) =>");
            writer.WriteLine($"    throw new global::System.InvalidOperationException({message});");
            if (client.Length > 0)
            {
                writer.WriteLine();
                writer.WriteLine(GeneratedCode);
                writer.WriteLine($"static {client} global::TypedSockets.Hubs.Infrastructure.IHubDefinition<{client}>.CreateClientProxy(global::TypedSockets.Hubs.Infrastructure.ClientTarget target) =>");
                writer.WriteLine($"    throw new global::System.InvalidOperationException({message});");
            }

            writer.CloseBlock();
            return End(writer, spec.Type);
        }

        /// <summary>The start of a hub's generated half, up to and including its namespace.</summary>
        private static SourceWriter BeginHub(HubSpec spec)
        {
            var writer = Begin(spec.Type);
            writer.WriteLine($"partial class {spec.Type.Name} : global::TypedSockets.Hubs.Infrastructure.IHubDefinition<{spec.ClientInterface}>");
            writer.OpenBlock();
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"static string global::TypedSockets.Hubs.Infrastructure.IHubDefinition.Namespace => {Literal(spec.SocketNamespace)};");
            writer.WriteLine();
            return writer;
        }

        public static SourceText EmitClient(ClientSpec spec)
        {
            if (spec.NeedsJsonContext)
            {
                return EmitUnusableClient(spec);
            }

            var writer = Begin(spec.Type);
            writer.WriteLine($"partial class {spec.Type.Name} : global::System.IAsyncDisposable");
            writer.OpenBlock();
            writer.WriteLine($"private readonly {ClientNamespace}.SocketIOClient _connection;");
            writer.WriteLine($"private readonly {spec.ReceiverInterface} _receiver;");
            writer.WriteLine();
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"private {spec.Type.Name}(global::System.Uri serverUri, {spec.ReceiverInterface} receiver, {ClientNamespace}.SocketIOClientOptions? options)");
            writer.OpenBlock();
            writer.WriteLine("_receiver = receiver ?? throw new global::System.ArgumentNullException(nameof(receiver));");
            writer.WriteLine($"_connection = new {ClientNamespace}.SocketIOClient(serverUri, {Literal(spec.SocketNamespace)}, options ?? new {ClientNamespace}.SocketIOClientOptions(), DispatchAsync);");
            writer.WriteLine("Hub = new TypedSocketsHubProxy(_connection);");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine("/// <summary>Calls on this proxy are events to the server; <c>Task&lt;T&gt;</c> methods wait for its acknowledgement.</summary>");
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"{spec.Accessibility} {spec.HubInterface} Hub {{ get; }}");
            writer.WriteLine();
            writer.WriteLine("/// <summary>The Socket.IO connection under the typed surface (state, id, reconnection events).</summary>");
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"{spec.Accessibility} {ClientNamespace}.SocketIOClient Connection => _connection;");
            writer.WriteLine();
            writer.WriteLine($"/// <summary>Connects to namespace <c>{spec.SocketNamespace}</c> of <paramref name=\"serverUri\"/>; events from the server go to <paramref name=\"receiver\"/>.</summary>");
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"{spec.Accessibility} static async {Tasks}.Task<{spec.Type.FullyQualifiedName}> ConnectAsync(global::System.Uri serverUri, {spec.ReceiverInterface} receiver, {ClientNamespace}.SocketIOClientOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)");
            writer.OpenBlock();
            writer.WriteLine($"var client = new {spec.Type.FullyQualifiedName}(serverUri, receiver, options);");
            writer.WriteLine("try");
            writer.OpenBlock();
            writer.WriteLine("await client._connection.ConnectAsync(cancellationToken).ConfigureAwait(false);");
            writer.CloseBlock();
            writer.WriteLine("catch");
            writer.OpenBlock();
            writer.WriteLine("await client._connection.DisposeAsync().ConfigureAwait(false);");
            writer.WriteLine("throw;");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine("return client;");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine("/// <summary>Disconnects and stops reconnecting.</summary>");
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"{spec.Accessibility} {Tasks}.ValueTask DisposeAsync() => _connection.DisposeAsync();");
            writer.WriteLine();
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"private {Tasks}.ValueTask DispatchAsync({ClientNamespace}.SocketIOClientEvent incoming)");
            writer.OpenBlock();
            WriteSwitch(writer, spec.ReceiverMethods, "_receiver");
            writer.CloseBlock();
            foreach (var method in spec.ReceiverMethods)
            {
                writer.WriteLine();
                WriteInvoke(writer, method, spec.ReceiverInterface, "receiver", $"{ClientNamespace}.SocketIOClientEvent", "incoming.Disconnected");
            }

            writer.WriteLine();
            WriteProxy(writer, "TypedSocketsHubProxy", spec.HubInterface, spec.HubMethods, $"{ClientNamespace}.SocketIOClient", ProxyKind.Client);
            WriteJsonTypes(writer, spec.JsonContext, spec.HubMethods.Concat(spec.ReceiverMethods));
            writer.CloseBlock();
            return End(writer, spec.Type);
        }

        /// <summary>
        /// A typed client whose JSON types no context lists (TSK2001, a warning outside AOT): the same public surface,
        /// so code using it compiles and the warning is what the user sees, but <c>ConnectAsync</c> throws with the fix.
        /// </summary>
        private static SourceText EmitUnusableClient(ClientSpec spec)
        {
            var message = MissingJsonContextMessage($"Client '{spec.Type.Name}' cannot connect", spec.HubMethods.Concat(spec.ReceiverMethods), "TypedSocketsClient");
            var writer = Begin(spec.Type);
            writer.WriteLine($"partial class {spec.Type.Name} : global::System.IAsyncDisposable");
            writer.OpenBlock();
            writer.WriteLine("private const string Unusable =");
            writer.WriteLine($"    {Literal(message)};");
            writer.WriteLine();
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"private {spec.Type.Name}()");
            writer.OpenBlock();
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"{spec.Accessibility} {spec.HubInterface} Hub => throw new global::System.InvalidOperationException(Unusable);");
            writer.WriteLine();
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"{spec.Accessibility} {ClientNamespace}.SocketIOClient Connection => throw new global::System.InvalidOperationException(Unusable);");
            writer.WriteLine();
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"{spec.Accessibility} static {Tasks}.Task<{spec.Type.FullyQualifiedName}> ConnectAsync(global::System.Uri serverUri, {spec.ReceiverInterface} receiver, {ClientNamespace}.SocketIOClientOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default) =>");
            writer.WriteLine($"    {Tasks}.Task.FromException<{spec.Type.FullyQualifiedName}>(new global::System.InvalidOperationException(Unusable));");
            writer.WriteLine();
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"{spec.Accessibility} {Tasks}.ValueTask DisposeAsync() => default;");
            writer.CloseBlock();
            return End(writer, spec.Type);
        }

        /// <summary>What a hub or client that TSK2001 left without JSON metadata throws when used: the types and the fix.</summary>
        private static string MissingJsonContextMessage(string failure, IEnumerable<MethodSpec> methods, string attribute)
        {
            var types = string.Join(", ", JsonContexts.Needed(methods).Select(static t => t.Replace("global::", string.Empty)));
            return $"{failure}: no JsonSerializerContext of its assembly lists every one of its JSON types ({types}; warning TSK2001). "
                + $"Add [JsonSerializable(typeof(T))] for each to a JsonSerializerContext, or name one with [{attribute}(JsonContext = typeof(…))].";
        }

        private enum ProxyKind
        {
            Server,
            Client,
        }

        private static SourceWriter Begin(TypeDeclarationSpec type)
        {
            var writer = new SourceWriter();
            writer.WriteLine("// <auto-generated/>");
            writer.WriteLine("#nullable enable");
            writer.WriteLine();
            if (type.Namespace is not null)
            {
                writer.WriteLine($"namespace {type.Namespace}");
                writer.OpenBlock();
            }

            return writer;
        }

        private static SourceText End(SourceWriter writer, TypeDeclarationSpec type)
        {
            if (type.Namespace is not null)
            {
                writer.CloseBlock();
            }

            return writer.ToSourceText();
        }

        private static void WriteDispatcher(SourceWriter writer, HubSpec spec)
        {
            var hub = spec.Type.FullyQualifiedName;
            writer.WriteLine("/// <summary>Reads each event's arguments, calls the hub method and acknowledges with its result.</summary>");
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"private sealed class TypedSocketsDispatcher : global::TypedSockets.Hubs.Infrastructure.HubDispatcher<{hub}, {spec.ClientInterface}>");
            writer.OpenBlock();
            writer.WriteLine("public TypedSocketsDispatcher(global::System.IServiceProvider services)");
            writer.WriteLine("    : base(services)");
            writer.OpenBlock();
            writer.CloseBlock();
            writer.WriteLine();
            if (spec.ConstructorParameters.Count == 0)
            {
                writer.WriteLine("protected override bool NeedsServices => false;");
                writer.WriteLine();
            }

            if (spec.IsStateless)
            {
                writer.WriteLine("protected override bool IsStateless => true;");
                writer.WriteLine();
            }

            Security.Write(writer, spec.Security);

            var services = spec.ConstructorParameters.Select(static s =>
                $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.{(s.IsOptional ? "GetService" : "GetRequiredService")}<{s.FullyQualifiedName}>(services)");
            writer.WriteLine($"protected override {hub} CreateHub(global::System.IServiceProvider services) => new {hub}({string.Join(", ", services)});");
            writer.WriteLine();
            writer.WriteLine("protected override int FindEvent(global::System.ReadOnlySpan<byte> name)");
            writer.OpenBlock();
            WriteUtf8Switch(writer, spec.Events);
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"protected override {Tasks}.ValueTask InvokeAsync({hub} hub, int eventId, in global::TypedSockets.SocketIO.SocketIOEvent incoming)");
            writer.OpenBlock();
            WriteInvokeSwitch(writer, spec.Events);
            writer.CloseBlock();
            foreach (var method in spec.Events)
            {
                writer.WriteLine();
                WriteHubInvoke(writer, method, hub);
            }

            WriteFilteredInvokes(writer, spec);
            writer.CloseBlock();
        }

        private static void WriteSwitch(SourceWriter writer, EquatableArray<MethodSpec> methods, string target)
        {
            writer.WriteLine("switch (incoming.Name)");
            writer.OpenBlock();
            foreach (var method in methods)
            {
                writer.WriteLine($"case {Literal(method.WireName)}:");
                writer.WriteLine($"    return Invoke{method.Name}({target}, incoming);");
            }

            writer.WriteLine("default:");
            writer.WriteLine("    return default;");
            writer.CloseBlock();
        }

        /// <summary>
        /// The hub's one match of an event name: a switch on its UTF-8 length, then byte comparisons (the name is
        /// never decoded into a string). Each method's number is its position among the hub's events.
        /// </summary>
        private static void WriteUtf8Switch(SourceWriter writer, EquatableArray<MethodSpec> methods)
        {
            if (!methods.Any())
            {
                writer.WriteLine("return -1;");
                return;
            }

            var ids = methods.Select(static (m, i) => (Method: m, Id: i)).ToList();
            writer.WriteLine("switch (name.Length)");
            writer.OpenBlock();
            foreach (var group in ids.GroupBy(static e => System.Text.Encoding.UTF8.GetByteCount(e.Method.WireName)).OrderBy(static g => g.Key))
            {
                writer.WriteLine($"case {group.Key}:");
                writer.OpenBlock();
                foreach (var (method, id) in group)
                {
                    writer.WriteLine($"if (global::System.MemoryExtensions.SequenceEqual(name, {Literal(method.WireName)}u8))");
                    writer.OpenBlock();
                    writer.WriteLine($"return {id};");
                    writer.CloseBlock();
                    writer.WriteLine();
                }

                writer.WriteLine("break;");
                writer.CloseBlock();
            }

            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine("return -1;");
        }

        /// <summary>The call of the method a number from <c>FindEvent</c> stands for (a jump table, no second name match).</summary>
        private static void WriteInvokeSwitch(SourceWriter writer, EquatableArray<MethodSpec> methods)
        {
            if (!methods.Any())
            {
                writer.WriteLine("return default;");
                return;
            }

            writer.WriteLine("switch (eventId)");
            writer.OpenBlock();
            var id = 0;
            foreach (var method in methods)
            {
                writer.WriteLine($"case {id++}:");
                writer.WriteLine($"    return Invoke{method.Name}(hub, incoming);");
            }

            writer.WriteLine("default:");
            writer.WriteLine("    return default;");
            writer.CloseBlock();
        }

        /// <summary>
        /// One hub event: check the count, read each argument, call, acknowledge; synchronous (no state machine) unless
        /// the method's task is still running.
        /// </summary>
        private static void WriteHubInvoke(SourceWriter writer, MethodSpec method, string hub)
        {
            writer.WriteLine($"private static {Tasks}.ValueTask Invoke{method.Name}({hub} hub, in global::TypedSockets.SocketIO.SocketIOEvent incoming)");
            writer.OpenBlock();
            var call = WriteArguments(writer, method, "incoming.Socket.Disconnected");
            var target = method.ViaInterface is null ? "hub" : $"(({method.ViaInterface})hub)";
            var invocation = $"{target}.{method.Name}({string.Join(", ", call)})";
            // Hub methods return Task, ValueTask, Task<T> or ValueTask<T> (TSK0003); HubInvocation has an overload for each.
            var write = method.Result is null ? string.Empty : $", static (writer, value) => {Write(method.Result, "value")}";
            writer.WriteLine($"return global::TypedSockets.Hubs.Infrastructure.HubInvocation.Ack({invocation}, incoming{write});");
            writer.CloseBlock();
        }

        /// <summary>Checks the argument count and reads each argument into a local; returns the call's argument list.</summary>
        private static List<string> WriteArguments(SourceWriter writer, MethodSpec method, string token)
        {
            var wire = method.Parameters.Where(static p => !p.IsCancellationToken).ToList();
            writer.WriteLine("var arguments = incoming.Arguments;");
            // C# puts optional parameters last: a client may leave out any number of them, from the end.
            var required = wire.FindIndex(static p => p.DefaultValue is not null);
            if (required < 0)
            {
                writer.WriteLine($"{HubArguments}.ExpectCount(arguments, {wire.Count});");
            }
            else
            {
                writer.WriteLine($"global::TypedSockets.Hubs.Infrastructure.HubArgumentCount.ExpectBetween(arguments, {required}, {wire.Count});");
            }

            var call = new List<string>();
            var index = 0;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.IsCancellationToken)
                {
                    call.Add(token);
                    continue;
                }

                var read = Read(parameter.Type, "arguments", index);
                writer.WriteLine(parameter.DefaultValue is null
                    ? $"var arg{index} = {read};"
                    : $"var arg{index} = arguments.Count > {index} ? {read} : {parameter.DefaultValue};");
                call.Add($"arg{index}");
                index++;
            }

            return call;
        }

        /// <summary>One event handler of the typed client: check the count, read each argument, call, acknowledge.</summary>
        private static void WriteInvoke(SourceWriter writer, MethodSpec method, string targetType, string target, string eventType, string token)
        {
            writer.WriteLine($"private static async {Tasks}.ValueTask Invoke{method.Name}({targetType} {target}, {eventType} incoming)");
            writer.OpenBlock();
            var call = WriteArguments(writer, method, token);
            var invocation = $"await {target}.{method.Name}({string.Join(", ", call)}).ConfigureAwait(false)";
            if (method.Result is null)
            {
                writer.WriteLine($"{invocation};");
                writer.WriteLine("incoming.Ack();");
            }
            else
            {
                writer.WriteLine($"var result = {invocation};");
                writer.WriteLine($"incoming.Ack(result, static (writer, value) => {Write(method.Result, "value")});");
            }

            writer.CloseBlock();
        }

        /// <summary>A class implementing <paramref name="contract"/> whose every call is one emit.</summary>
        private static void WriteProxy(SourceWriter writer, string name, string contract, EquatableArray<MethodSpec> methods, string targetType, ProxyKind kind)
        {
            writer.WriteLine($"/// <summary>Turns each call on <c>{contract.Replace("global::", string.Empty)}</c> into one emit, serialized once.</summary>");
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"private sealed class {name} : {contract}");
            writer.OpenBlock();
            writer.WriteLine($"private readonly {targetType} _target;");
            writer.WriteLine();
            writer.WriteLine($"public {name}({targetType} target)");
            writer.OpenBlock();
            writer.WriteLine("_target = target;");
            writer.CloseBlock();
            foreach (var method in methods)
            {
                writer.WriteLine();
                WriteProxyMethod(writer, method, kind);
            }

            writer.CloseBlock();
        }

        private static void WriteProxyMethod(SourceWriter writer, MethodSpec method, ProxyKind kind)
        {
            var parameters = string.Join(", ", method.Parameters.Select(static p => $"{p.DeclaredType} {p.Name}"));
            var wire = method.Parameters.Where(static p => !p.IsCancellationToken).ToList();
            var token = method.Parameters.FirstOrDefault(static p => p.IsCancellationToken)?.Name ?? "default";
            var hasResult = method.ReturnKind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT;

            // The typed client reads a result on its receive loop, straight from the answer's pooled memory, with no
            // async method of its own; a RawJson or ReadOnlyMemory result would point into that memory, so those two
            // take the answer's own copy and read it after the await.
            var readsOnReceive = hasResult && kind == ProxyKind.Client && method.Result!.Kind is not (ValueKind.RawJson or ValueKind.Memory);
            writer.WriteLine($"{(hasResult && !readsOnReceive ? "async " : string.Empty)}{method.ReturnTypeName} {method.DeclaringType}.{method.Name}({parameters})");
            writer.OpenBlock();
            var state = wire.Count switch
            {
                0 => "0",
                1 => wire[0].Name,
                _ => "(" + string.Join(", ", wire.Select(static p => p.Name)) + ")",
            };
            var emitArguments = $"{Literal(method.WireName)}, {state}, static (writer, state) =>";
            if (readsOnReceive)
            {
                var isValueTask = method.ReturnKind == ReturnKind.ValueTaskOfT;
                writer.WriteLine($"{(isValueTask ? $"return new {method.ReturnTypeName}(" : "return ")}_target.EmitWithAckAsync({emitArguments}");
                WriteArgumentLambda(writer, wire, ", static (in global::TypedSockets.SocketIO.EventArguments ack) =>");
                writer.OpenBlock();
                writer.WriteLine($"{HubArguments}.ThrowIfError(ack);");
                writer.WriteLine($"return {Read(method.Result!, "ack", 0)};");
                writer.CloseBlock($", {token}){(isValueTask ? ")" : string.Empty)};");
            }
            else if (hasResult)
            {
                var invoke = kind == ProxyKind.Server ? "InvokeAsync" : "EmitWithAckAsync";
                writer.WriteLine($"var ack = await _target.{invoke}({emitArguments}");
                WriteArgumentLambda(writer, wire, $", {token}).ConfigureAwait(false);");
                writer.WriteLine($"{HubArguments}.ThrowIfError(ack);");
                writer.WriteLine($"return {Read(method.Result!, "ack", 0)};");
            }
            else if (kind == ProxyKind.Server)
            {
                // A server-to-client method returns Task (TSK0004): the emit is queued, nothing to wait for.
                writer.WriteLine($"_target.Emit({emitArguments}");
                WriteArgumentLambda(writer, wire, ");");
                writer.WriteLine($"return {Tasks}.Task.CompletedTask;");
            }
            else
            {
                var isValueTask = method.ReturnKind == ReturnKind.ValueTask;
                writer.WriteLine($"{(isValueTask ? $"return new {Tasks}.ValueTask(" : "return ")}_target.EmitAsync({emitArguments}");
                WriteArgumentLambda(writer, wire, $", {token}){(isValueTask ? ")" : string.Empty)};");
            }

            writer.CloseBlock();
        }

        private static void WriteArgumentLambda(SourceWriter writer, List<ParameterSpec> wire, string suffix)
        {
            writer.OpenBlock();
            for (var i = 0; i < wire.Count; i++)
            {
                writer.WriteLine($"{Write(wire[i].Type, wire.Count == 1 ? "state" : $"state.Item{i + 1}")};");
            }

            writer.CloseBlock(suffix);
        }

        private static void WriteJsonTypes(SourceWriter writer, string? context, IEnumerable<MethodSpec> methods)
        {
            var types = new SortedDictionary<string, TypeSpec>(System.StringComparer.Ordinal);
            foreach (var method in methods)
            {
                foreach (var type in method.Parameters.Where(static p => !p.IsCancellationToken).Select(static p => p.Type).Concat(method.Result is null ? [] : [method.Result]))
                {
                    if (type.Kind == ValueKind.Json)
                    {
                        types[type.JsonFieldName] = type;
                    }
                }
            }

            if (context is null || types.Count == 0)
            {
                return;
            }

            writer.WriteLine();
            writer.WriteLine($"/// <summary>Source-generated metadata from <c>{context.Replace("global::", string.Empty)}</c>, looked up once per type.</summary>");
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"private static class {JsonClass}");
            writer.OpenBlock();
            var first = true;
            foreach (var pair in types)
            {
                if (!first)
                {
                    writer.WriteLine();
                }

                first = false;
                var type = pair.Value.FullyQualifiedName;
                var message = $"{context.Replace("global::", string.Empty)} has no metadata for {type.Replace("global::", string.Empty)}; add [JsonSerializable(typeof({type.Replace("global::", string.Empty)}))] to it.";
                // One lazily filled field per type, not a static initializer: a type the context lacks fails only the
                // events that use it (an error ack naming the fix), never the hub's other events.
                writer.WriteLine($"private static global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{type}>? s_{pair.Key};");
                writer.WriteLine();
                writer.WriteLine($"public static global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{type}> {pair.Key} => s_{pair.Key} ??=");
                writer.WriteLine($"    {context}.Default.GetTypeInfo(typeof({type})) as global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{type}>");
                writer.WriteLine($"        ?? throw new global::System.InvalidOperationException({Literal(message)});");
            }

            writer.CloseBlock();
        }

        private static string Read(TypeSpec type, string arguments, int index) => IsNullablePrimitive(type)
            ? $"(global::TypedSockets.Hubs.Infrastructure.HubNullableValues.IsNull({arguments}, {index}) ? default({type.FullyQualifiedName}) : {ReadValue(type, arguments, index)})"
            : ReadValue(type, arguments, index);

        /// <summary>An <c>int?</c>, <c>Guid?</c>…: a value type that is nullable yet classified as its primitive.</summary>
        private static bool IsNullablePrimitive(TypeSpec type) =>
            type.IsNullable && !type.IsReferenceType && type.Kind is ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double or ValueKind.Single or ValueKind.Decimal or ValueKind.Guid;

        private static string ReadValue(TypeSpec type, string arguments, int index) => type.Kind switch
        {
            ValueKind.String => $"{HubArguments}.{(type.IsNullable ? "ReadNullableString" : "ReadString")}({arguments}, {index})",
            ValueKind.Boolean => $"{HubArguments}.ReadBoolean({arguments}, {index})",
            ValueKind.Int32 => $"{HubArguments}.ReadInt32({arguments}, {index})",
            ValueKind.Int64 => $"{HubArguments}.ReadInt64({arguments}, {index})",
            ValueKind.Double => $"{HubArguments}.ReadDouble({arguments}, {index})",
            ValueKind.Single => $"{HubArguments}.ReadSingle({arguments}, {index})",
            ValueKind.Decimal => $"{HubArguments}.ReadDecimal({arguments}, {index})",
            ValueKind.Guid => $"{HubArguments}.ReadGuid({arguments}, {index})",
            ValueKind.JsonElement => $"{HubArguments}.ReadJsonElement({arguments}, {index})",
            ValueKind.RawJson => $"{HubArguments}.ReadRawJson({arguments}, {index})",
            ValueKind.Bytes => $"{HubArguments}.ReadBytes({arguments}, {index})",
            ValueKind.Memory => $"{HubArguments}.ReadMemory({arguments}, {index})",
            _ => type.IsReferenceType && !type.IsNullable
                ? $"{HubArguments}.Read({arguments}, {index}, {JsonClass}.{type.JsonFieldName}) ?? throw {HubArguments}.NullArgument({index})"
                : $"{HubArguments}.Read({arguments}, {index}, {JsonClass}.{type.JsonFieldName})",
        };

        private static string Write(TypeSpec type, string value) => IsNullablePrimitive(type)
            ? $"global::TypedSockets.Hubs.Infrastructure.HubNullableValues.Write(writer.Json, {value})"
            : WriteValue(type, value);

        private static string WriteValue(TypeSpec type, string value) => type.Kind switch
        {
            ValueKind.String or ValueKind.Guid => $"writer.Json.WriteStringValue({value})",
            ValueKind.Boolean => $"writer.Json.WriteBooleanValue({value})",
            ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double or ValueKind.Single or ValueKind.Decimal => $"writer.Json.WriteNumberValue({value})",
            ValueKind.JsonElement => $"{value}.WriteTo(writer.Json)",
            ValueKind.RawJson => $"writer.WriteJson({value}.Utf8Json.Span)",
            ValueKind.Bytes or ValueKind.Memory => $"writer.WriteBinary({value})",
            // A nullable reference type shares its non-nullable type's metadata: the type argument is spelled out and the
            // value forgiven, so that Task<Note?> raises no CS8620/CS8604 (the serializer writes null itself).
            _ when type.IsNullable && type.IsReferenceType => $"global::System.Text.Json.JsonSerializer.Serialize<{type.FullyQualifiedName}>(writer.Json, {value}!, {JsonClass}.{type.JsonFieldName})",
            _ => $"global::System.Text.Json.JsonSerializer.Serialize(writer.Json, {value}, {JsonClass}.{type.JsonFieldName})",
        };

        private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
    }
}
