using Microsoft.CodeAnalysis;

namespace TypedSockets.Generators;

/// <summary>
/// Every diagnostic of the generator: TSK0xxx contract shape, TSK1xxx wire names, TSK2xxx serialization.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "TypedSockets";

    public static readonly DiagnosticDescriptor HubMustBePartial = Create(
        "TSK0001", "Hub or client class must be partial", "'{0}' must be declared partial so that TypedSockets can generate its members");

    public static readonly DiagnosticDescriptor HubMustDeriveFromHub = Create(
        "TSK0002", "Hub must derive from Hub<TClient>", "'{0}' has [Hub] but does not derive from TypedSockets.Hubs.Hub<TClient>; derive from Hub<TClient> with your server-to-client interface");

    public static readonly DiagnosticDescriptor UnsupportedMethod = Create(
        "TSK0003", "Method cannot be an event", "'{0}' cannot be an event: {1}");

    public static readonly DiagnosticDescriptor UnsupportedClass = Create(
        "TSK0004", "Class shape not supported", "'{0}' cannot be generated: {1}");

    public static readonly DiagnosticDescriptor ReservedEventName = Create(
        "TSK1001", "Reserved event name", "'{0}' uses the event name '{1}', which Socket.IO reserves; give it another name with [Event(\"…\")]");

    public static readonly DiagnosticDescriptor DuplicateEventName = Create(
        "TSK1002", "Duplicate event name", "'{0}' uses the event name '{1}' that another method already uses; give one of them another name with [Event(\"…\")]");

    public static readonly DiagnosticDescriptor JsonContextRequired = Create(
        "TSK2001", "A JsonSerializerContext is needed", "'{0}' uses '{1}', which is not a JSON primitive or binary, and no JsonSerializerContext of the compilation lists it; add [JsonSerializable(typeof({1}))] to a context (and name it with JsonContext = typeof(…) on the attribute if there are several)");

    public static readonly DiagnosticDescriptor JsonContextInvalid = Create(
        "TSK2002", "JsonContext is not a JsonSerializerContext", "'{0}' names '{1}' as JsonContext, but it does not derive from System.Text.Json.Serialization.JsonSerializerContext");

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: $"docs/diagnostics/{id}.md");
}
