namespace TypedSockets.SocketIO;

/// <summary>
/// Refusal of a namespace connection by middleware, sent as CONNECT_ERROR
/// <c>{"message":…,"data":…}</c>; <see cref="DataJson"/> is raw JSON, or empty for no data.
/// </summary>
public sealed class ConnectError
{
    public ConnectError(string message, ReadOnlyMemory<byte> dataJson = default)
    {
        Message = message;
        DataJson = dataJson;
    }

    public string Message { get; }

    public ReadOnlyMemory<byte> DataJson { get; }
}
