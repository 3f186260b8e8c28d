using System.Linq;
using TypedSockets.Generators.Model;

namespace TypedSockets.Generators;

public sealed partial class HubGenerator
{
    internal static partial class Emitter
    {
        private const string Infrastructure = "global::TypedSockets.Hubs.Infrastructure";

        /// <summary>
        /// The path of an event through the application's hub filters: the arguments read as on the direct path, boxed
        /// into a <c>HubInvocationContext</c>, the filters around a call that unboxes them, and the ack from the (boxed)
        /// result. Only taken when filters are registered; the direct path stays allocation-free.
        /// </summary>
        private static void WriteFilteredInvokes(SourceWriter writer, HubSpec spec)
        {
            var hub = spec.Type.FullyQualifiedName;
            writer.WriteLine();
            writer.WriteLine($"protected override {Tasks}.ValueTask InvokeFilteredAsync({hub} hub, int eventId, in global::TypedSockets.SocketIO.SocketIOEvent incoming, {Infrastructure}.HubFilterPipeline filters)");
            writer.OpenBlock();
            if (spec.Events.Count == 0)
            {
                writer.WriteLine("return default;");
            }
            else
            {
                writer.WriteLine("switch (eventId)");
                writer.OpenBlock();
                var id = 0;
                foreach (var method in spec.Events)
                {
                    writer.WriteLine($"case {id++}:");
                    writer.WriteLine($"    return Filtered{method.Name}(hub, incoming, filters);");
                }

                writer.WriteLine("default:");
                writer.WriteLine("    return default;");
                writer.CloseBlock();
            }

            writer.CloseBlock();
            foreach (var method in spec.Events)
            {
                writer.WriteLine();
                WriteFilteredInvoke(writer, method, hub);
            }
        }

        private static void WriteFilteredInvoke(SourceWriter writer, MethodSpec method, string hub)
        {
            writer.WriteLine($"private static {Tasks}.ValueTask Filtered{method.Name}({hub} hub, in global::TypedSockets.SocketIO.SocketIOEvent incoming, {Infrastructure}.HubFilterPipeline filters)");
            writer.OpenBlock();
            var call = WriteArguments(writer, method, "incoming.Socket.Disconnected");
            var boxed = call.Where(static a => a.StartsWith("arg", System.StringComparison.Ordinal)).ToList();
            writer.WriteLine($"var context = new global::TypedSockets.Hubs.HubInvocationContext(hub, hub.Context, incoming, {Literal(method.Name)}, {(boxed.Count == 0 ? "global::System.Array.Empty<object?>()" : $"new object?[] {{ {string.Join(", ", boxed)} }}")});");

            // The call from the (possibly replaced) boxed arguments.
            var index = 0;
            var unboxed = method.Parameters.Select(p => p.IsCancellationToken ? "c.Context.ConnectionAborted" : $"({p.DeclaredType})c.HubMethodArguments[{index++}]!");
            var invocation = $"(({method.ViaInterface ?? hub})c.Hub).{method.Name}({string.Join(", ", unboxed)})";
            var body = method.Result is null
                ? $"static async c => {{ await {invocation}.ConfigureAwait(false); return null; }}"
                : $"static async c => await {invocation}.ConfigureAwait(false)";
            var write = method.Result is null
                ? "null"
                : $"static (writer, value) => {Write(method.Result, $"(({method.Result.FullyQualifiedName})value!)")}";
            writer.WriteLine($"return filters.InvokeAsync(context, {body}, incoming, {write});");
            writer.CloseBlock();
        }
    }
}
