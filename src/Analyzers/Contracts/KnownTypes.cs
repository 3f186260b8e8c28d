using Microsoft.CodeAnalysis;

namespace TypedSockets.Analyzers;

/// <summary>The framework and TypedSockets types the rules compare against, resolved once per compilation.</summary>
internal sealed class KnownTypes
{
    public KnownTypes(Compilation compilation)
    {
        Hub = compilation.GetTypeByMetadataName("TypedSockets.Hubs.Hub`1");
        HubAttribute = compilation.GetTypeByMetadataName("TypedSockets.Hubs.HubAttribute");
        EventAttribute = compilation.GetTypeByMetadataName("TypedSockets.Hubs.EventAttribute");
        ClientAttribute = compilation.GetTypeByMetadataName("TypedSockets.Client.TypedSocketsClientAttribute");
        HubClients = compilation.GetTypeByMetadataName("TypedSockets.Hubs.HubClients`1");
        HubCallerClients = compilation.GetTypeByMetadataName("TypedSockets.Hubs.HubCallerClients`1");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        JsonElement = compilation.GetTypeByMetadataName("System.Text.Json.JsonElement");
        JsonSerializerContext = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializerContext");
        JsonSerializableAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializableAttribute");
        JsonDerivedTypeAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonDerivedTypeAttribute");
        RawJson = compilation.GetTypeByMetadataName("TypedSockets.Hubs.RawJson");
        ReadOnlyMemory = compilation.GetTypeByMetadataName("System.ReadOnlyMemory`1");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
    }

    public INamedTypeSymbol? Hub { get; }
    public INamedTypeSymbol? HubAttribute { get; }
    public INamedTypeSymbol? EventAttribute { get; }
    public INamedTypeSymbol? ClientAttribute { get; }
    public INamedTypeSymbol? HubClients { get; }
    public INamedTypeSymbol? HubCallerClients { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? Stream { get; }
    public INamedTypeSymbol? JsonElement { get; }
    public INamedTypeSymbol? JsonSerializerContext { get; }
    public INamedTypeSymbol? JsonSerializableAttribute { get; }
    public INamedTypeSymbol? JsonDerivedTypeAttribute { get; }
    public INamedTypeSymbol? RawJson { get; }
    public INamedTypeSymbol? ReadOnlyMemory { get; }
    public INamedTypeSymbol? Guid { get; }

    public bool IsTypedSocketsReferenced => Hub is not null;

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    public static bool DerivesFrom(ITypeSymbol type, INamedTypeSymbol? baseType)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (Is(current, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The TClient of the first <c>Hub&lt;TClient&gt;</c> the type derives from.</summary>
    public ITypeSymbol? ClientContractOf(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (Is(current, Hub))
            {
                return current.TypeArguments[0];
            }
        }

        return null;
    }

    /// <summary>Whether the type is a hub (derives Hub&lt;TClient&gt;).</summary>
    public bool IsHub(INamedTypeSymbol type) => ClientContractOf(type) is not null;

    public bool IsTaskLike(ITypeSymbol type) =>
        Is(type, Task) || Is(type, TaskOfT) || Is(type, ValueTask) || Is(type, ValueTaskOfT);
}
