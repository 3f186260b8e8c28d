using System.Text.Json;
using System.Text.Json.Serialization;
using TypedSockets.Hubs;

namespace TypedSockets.Tests.TypeScript.Shapes;

// Every JSON shape the TypeScript typings map, in one contract. This project's build writes its typings to
// obj/typescript/ (TypedSocketsTypeScriptOutput in the project file); TypeScriptMappingTests checks them with tsc.

/// <summary>Client to server of the shapes hub.</summary>
public interface IShapesHub
{
    /// <summary>Echoes everything.</summary>
    /// <param name="value">All the shapes.</param>
    /// <param name="bytes">A binary attachment.</param>
    /// <returns>The same value.</returns>
    Task<Everything> Echo(Everything value, byte[] bytes);

    Task<ReadOnlyMemory<byte>?> Binary(ReadOnlyMemory<byte> bytes);

    Task Notify(Shape shape, int? count, string? note);
}

/// <summary>Server to client of the shapes hub.</summary>
public interface IShapesClient
{
    /// <summary>The client answers with a page.</summary>
    Task<Page<Item>> Ask(Level level);

    Task Pushed(Dictionary<string, Item> items);
}

[Hub("/shapes", JsonContext = typeof(ShapesJsonContext))]
public sealed partial class ShapesHub : Hub<IShapesClient>, IShapesHub
{
    public Task<Everything> Echo(Everything value, byte[] bytes) => Task.FromResult(value);

    public Task<ReadOnlyMemory<byte>?> Binary(ReadOnlyMemory<byte> bytes) => Task.FromResult<ReadOnlyMemory<byte>?>(bytes);

    public Task Notify(Shape shape, int? count, string? note) => Task.CompletedTask;
}

/// <summary>A record with one member of every kind.</summary>
public sealed record Everything
{
    /// <summary>A plain string, camelCased by the context's policy.</summary>
    public required string PlainText { get; init; }

    [JsonPropertyName("renamed_by_attribute")]
    public int Renamed { get; init; }

    public string? MaybeText { get; init; }

    public double? MaybeNumber { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OnlyWhenSet { get; init; }

    [JsonIgnore]
    public string Hidden { get; init; } = "never written";

    public bool Flag { get; init; }

    public long Big { get; init; }

    public decimal Money { get; init; }

    public Level NumberEnum { get; init; }

    public Mood StringEnum { get; init; }

    public int[] Numbers { get; init; } = [];

    public List<string?> Names { get; init; } = [];

    public Dictionary<string, int> Counts { get; init; } = [];

    public DateTime When { get; init; }

    public DateTimeOffset WhenWithOffset { get; init; }

    public Guid Id { get; init; }

    public byte[] Base64 { get; init; } = [];

    public JsonElement Anything { get; init; }

    public Item Nested { get; init; } = new("n", 0);

    public Page<Item> Paged { get; init; } = new([], 0);

    public Shape[] Shapes { get; init; } = [];
}

/// <summary>An item.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Size">Its size.</param>
public sealed record Item(string Name, int Size);

/// <summary>A closed generic type in the contract.</summary>
public sealed record Page<T>(List<T> Items, int Total);

/// <summary>Written as numbers (no converter).</summary>
public enum Level
{
    Low = 1,
    High = 5,
}

/// <summary>Written as strings (its converter says so).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Mood>))]
public enum Mood
{
    Calm,
    Angry,
}

/// <summary>A shape, written with its kind as the discriminator.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Circle), "circle")]
[JsonDerivedType(typeof(Square), "square")]
public abstract record Shape(string Label);

public sealed record Circle(string Label, double Radius) : Shape(Label);

public sealed record Square(string Label, double Side) : Shape(Label);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Everything))]
[JsonSerializable(typeof(Shape))]
[JsonSerializable(typeof(Page<Item>))]
[JsonSerializable(typeof(Dictionary<string, Item>))]
[JsonSerializable(typeof(Level))]
public sealed partial class ShapesJsonContext : JsonSerializerContext;
