using System.Collections.Generic;
using System.Linq;
using TypedSockets.Generators.Model;

namespace TypedSockets.Generators;

public sealed partial class HubGenerator
{
    /// <summary>
    /// Picks a JsonSerializerContext for a hub or client that names none: the first (by name) of the compilation's
    /// contexts whose <c>[JsonSerializable]</c> types include every non-primitive type the contract uses, else one of the
    /// class library declaring the contracts (found by the parser). When none
    /// does, the analyzer reports TSK2001 with its fix (a warning unless publishing AOT); the hub or client keeps
    /// <c>NeedsJsonContext</c> and gets a definition that code using it compiles against, which fails at
    /// <c>MapHub</c> or <c>ConnectAsync</c> with that fix.
    /// </summary>
    internal static class JsonContexts
    {
        public static ParseResult<HubSpec> Resolve(HubSpec? spec, EquatableArray<JsonContextSpec> contexts)
        {
            if (spec is null || spec.JsonContext is not null || !spec.NeedsJsonContext)
            {
                return new ParseResult<HubSpec>(spec, default);
            }

            var context = Find(spec.Events.Concat(spec.ClientMethods), contexts) ?? spec.LibraryJsonContext;
            return context is null
                ? new ParseResult<HubSpec>(spec, default)
                : new ParseResult<HubSpec>(spec with { JsonContext = context, NeedsJsonContext = false }, default);
        }

        public static ParseResult<ClientSpec> Resolve(ClientSpec? spec, EquatableArray<JsonContextSpec> contexts)
        {
            if (spec is null || spec.JsonContext is not null || !spec.NeedsJsonContext)
            {
                return new ParseResult<ClientSpec>(spec, default);
            }

            var context = Find(spec.HubMethods.Concat(spec.ReceiverMethods), contexts) ?? spec.LibraryJsonContext;
            return context is null
                ? new ParseResult<ClientSpec>(spec, default)
                : new ParseResult<ClientSpec>(spec with { JsonContext = context, NeedsJsonContext = false }, default);
        }

        /// <summary>The types of <paramref name="methods"/> that only a JsonSerializerContext can serialize, by name.</summary>
        public static SortedSet<string> Needed(IEnumerable<MethodSpec> methods)
        {
            var needed = new SortedSet<string>(System.StringComparer.Ordinal);
            foreach (var method in methods)
            {
                foreach (var parameter in method.Parameters)
                {
                    if (!parameter.IsCancellationToken && parameter.Type.Kind == ValueKind.Json)
                    {
                        needed.Add(parameter.Type.FullyQualifiedName);
                    }
                }

                if (method.Result is { Kind: ValueKind.Json } result)
                {
                    needed.Add(result.FullyQualifiedName);
                }
            }

            return needed;
        }

        private static string? Find(IEnumerable<MethodSpec> methods, EquatableArray<JsonContextSpec> contexts)
        {
            var needed = Needed(methods);
            return contexts
                .Where(c => needed.IsSubsetOf(c.Types))
                .Select(static c => c.FullyQualifiedName)
                .OrderBy(static name => name, System.StringComparer.Ordinal)
                .FirstOrDefault();
        }
    }
}
