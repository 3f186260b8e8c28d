namespace TypedSockets.Generators.Model;

/// <summary>How a value travels: a JSON primitive written directly, binary, or through a JsonSerializerContext.</summary>
internal enum ValueKind
{
    Json,
    String,
    Boolean,
    Int32,
    Int64,
    Double,
    Single,
    Decimal,
    Guid,
    JsonElement,
    RawJson,
    Bytes,
    Memory,
}
