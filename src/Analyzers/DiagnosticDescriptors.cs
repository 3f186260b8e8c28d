using Microsoft.CodeAnalysis;

namespace TypedSockets.Analyzers;

/// <summary>
/// Every TypedSockets diagnostic. Ranges: TSK0xxx contract shape, TSK1xxx wire names, TSK2xxx serialization and AOT,
/// TSK3xxx call sites, TSK9000 generator failure. Compiled into the generator too, so each id has one definition.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Contracts = "TypedSockets.Contracts";
    private const string WireNames = "TypedSockets.WireNames";
    private const string Serialization = "TypedSockets.Serialization";
    private const string CallSites = "TypedSockets.CallSites";
    private const string Generator = "TypedSockets.Generator";

    public static readonly DiagnosticDescriptor ContractMustBeInterface = Create(
        "TSK0001", "A contract must be an interface", "'{0}' is used as a {1} contract but is not an interface; declare the contract as an interface", Contracts);

    public static readonly DiagnosticDescriptor ContractMemberNotMethod = Create(
        "TSK0002", "Contracts declare only methods", "'{0}' is not an instance method of contract '{1}'; contracts declare only methods, so remove it or make it a method", Contracts);

    public static readonly DiagnosticDescriptor HubMethodReturnType = Create(
        "TSK0003", "A client-to-server method returns a task", "'{0}' returns '{1}'; a client-to-server method returns Task, ValueTask, Task<T> or ValueTask<T>, so wrap the result in Task", Contracts);

    public static readonly DiagnosticDescriptor ClientMethodReturnType = Create(
        "TSK0004", "A server-to-client method returns Task or Task<T>", "'{0}' returns '{1}'; a server-to-client method returns Task or Task<T> (a client result), so wrap the result in Task", Contracts);

    public static readonly DiagnosticDescriptor ParameterKind = Create(
        "TSK0005", "No ref, out, in, pointer or params parameters", "Parameter '{0}' of '{1}' is {2}; pass it by value as a plain parameter", Contracts);

    public static readonly DiagnosticDescriptor CancellationTokenPlacement = Create(
        "TSK0006", "At most one CancellationToken, last, and only client-to-server", "Parameter '{0}' of '{1}': {2}", Contracts);

    public static readonly DiagnosticDescriptor GenericContract = Create(
        "TSK0007", "No generic methods or open generic contracts", "'{0}' is generic; events have fixed argument types, so use concrete types instead of type parameters", Contracts);

    public static readonly DiagnosticDescriptor HubClassShape = Create(
        "TSK0008", "Hubs and typed clients are partial, non-generic, top-level classes", "'{0}' {1}; declare it as a non-generic, non-abstract partial class at namespace level", Contracts);

    public static readonly DiagnosticDescriptor HubBaseAndContract = Create(
        "TSK0009", "A hub derives Hub<TClient> and implements one hub contract", "'{0}' {1}", Contracts);

    public static readonly DiagnosticDescriptor ConnectionInConstructor = Create(
        "TSK0010", "A hub's constructor cannot use its connection", "The constructor of '{0}' uses '{1}', but a hub is given its connection only after it is built, so every event of the hub would fail; use it in OnConnected, OnDisconnected or a hub method", Contracts);

    public static readonly DiagnosticDescriptor MissingHubAttribute = Create(
        "TSK0011", "A class deriving Hub<TClient> needs [Hub]", "'{0}' derives from {1} but has no [Hub] attribute, so it is not a hub: add [Hub] (or [Hub(\"/namespace\")]), or make it abstract if it is a base for other hubs", Contracts);

    public static readonly DiagnosticDescriptor DuplicateEventName = Create(
        "TSK1001", "Two methods map to the same event name", "'{0}' maps to the event name '{1}', which '{2}' already uses; give one of them another name with [Event(\"…\")]", WireNames);

    public static readonly DiagnosticDescriptor ReservedEventName = Create(
        "TSK1002", "Reserved event name", "'{0}' maps to the event name '{1}', which Socket.IO reserves; give it another name with [Event(\"…\")]", WireNames);

    public static readonly DiagnosticDescriptor InvalidName = Create(
        "TSK1003", "Invalid event or namespace name", "'{0}' has the invalid {1} name '{2}'; {3}", WireNames);

    public static readonly DiagnosticDescriptor DuplicateNamespace = new(
        "TSK1004", "Two hubs on the same namespace", "'{0}' and '{1}' are both hubs of namespace '{2}'; give each hub its own namespace in [Hub(\"/…\")]", WireNames,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("TSK1004"), customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor EventAttributeOnImplementation = Create(
        "TSK1005", "[Event] belongs on the contract, not the hub's method", "'{0}' renames its event with [Event(\"{1}\")] on the hub, but clients name events after the contract, which calls it '{2}'; move the attribute to '{3}' so that both sides agree", WireNames);

    public static readonly DiagnosticDescriptor MissingJsonSerializable = Create(
        "TSK2001", "A wire type is missing from the JsonSerializerContext", "'{0}' uses '{1}', which {2}; add [JsonSerializable(typeof({1}))] to the context", Serialization, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor TypeCannotTravel = Create(
        "TSK2002", "A type that cannot travel", "'{0}' uses '{1}', which cannot travel as JSON ({2}); use a serializable data type", Serialization);

    public static readonly DiagnosticDescriptor UntypedPayload = Create(
        "TSK2003", "An untyped payload gives up typing", "'{0}' uses '{1}', which gives up typing; use a record type (or RawJson for pass-through JSON)", Serialization, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidJsonContext = Create(
        "TSK2004", "JsonContext is not a JsonSerializerContext", "'{0}' names '{1}' as JsonContext, but it does not derive from JsonSerializerContext; name a source-generated JsonSerializerContext", Serialization);

    public static readonly DiagnosticDescriptor ClientResultFromMany = Create(
        "TSK3001", "A client result asked of several recipients without a timeout", "'{0}' asks '{1}', which can reach several clients, for a client result without a timeout of its own: however the task is awaited (directly, later, through Task.WhenAll or by blocking), it waits for every recipient up to HubOptions.ClientResultTimeout and returns the first answer; choose the recipients from Clients.WithTimeout(…), or call it on Clients.Caller or Clients.Client(id)", CallSites);

    public static readonly DiagnosticDescriptor DroppedTask = Create(
        "TSK3002", "A client-proxy or emit task is dropped", "The task of '{0}' is neither awaited nor assigned, so its failure is lost; await it", CallSites, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor GeneratorFailure = Create(
        "TSK9000", "The TypedSockets generator failed", "The TypedSockets generator failed on '{0}': {1}; please report this with the code that triggers it", Generator);

    /// <summary>
    /// The page of <paramref name="id"/> as shipped in the package (<c>docs/diagnostics/{id}.md</c>, beside
    /// <c>analyzers/dotnet/cs</c>): a <c>file:</c> link that works offline and always matches the installed version,
    /// or none (the IDE then searches for the id) when the assembly is not running from a package, never a dead link.
    /// </summary>
    public static string? HelpLink(string id) => HelpLinks.Directory is { } directory ? new System.Uri(System.IO.Path.Combine(directory, id + ".md")).AbsoluteUri : null;

    private static class HelpLinks
    {
        public static readonly string? Directory = Find();

        // The analyzer looks at its own package once, to link to pages that are there; it reads no user files.
#pragma warning disable RS1035
        private static string? Find()
        {
            try
            {
                var location = typeof(DiagnosticDescriptors).Assembly.Location;
                if (string.IsNullOrEmpty(location))
                {
                    return null;
                }

                var directory = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(location)!, "..", "..", "..", "docs", "diagnostics"));
                return System.IO.File.Exists(System.IO.Path.Combine(directory, "README.md")) ? directory : null;
            }
            catch (System.Exception exception) when (exception is System.IO.IOException or System.UnauthorizedAccessException or System.ArgumentException or System.NotSupportedException or System.Security.SecurityException)
            {
                return null;
            }
        }
#pragma warning restore RS1035
    }

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
}
