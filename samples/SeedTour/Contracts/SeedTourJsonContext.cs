using System.Text.Json;
using System.Text.Json.Serialization;

namespace SeedTour.Contracts;

/// <summary>Source-generated JSON for every message of the tour, with the wire's camelCase names.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(Receipt))]
[JsonSerializable(typeof(Announcement))]
[JsonSerializable(typeof(Stats))]
[JsonSerializable(typeof(RoomMessage))]
[JsonSerializable(typeof(StackAbuseStats))]
public sealed partial class SeedTourJsonContext : JsonSerializerContext;
