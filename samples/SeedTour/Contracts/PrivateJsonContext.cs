using System.Text.Json;
using System.Text.Json.Serialization;

namespace SeedTour.Contracts;

/// <summary>Source-generated JSON for the <c>/private</c> namespace, with the wire's camelCase names.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Identity))]
[JsonSerializable(typeof(AdminResult))]
[JsonSerializable(typeof(Shout))]
public sealed partial class PrivateJsonContext : JsonSerializerContext;
