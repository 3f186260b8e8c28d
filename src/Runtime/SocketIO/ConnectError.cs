namespace TypedSockets.SocketIO;

/// <summary>
/// Refusal of a namespace connection by middleware, sent as CONNECT_ERROR
/// <c>{"message":…,"data":…}</c>; <see cref="DataJson"/> is raw JSON, or empty for no data.
/// </summary>
public sealed class ConnectError
{
    /// <summary>A refusal with <paramref name="message"/> and optional data.</summary>
    /// <param name="message">What the client's <c>connect_error</c> reports as the message.</param>
    /// <param name="dataJson">One JSON value sent as <c>data</c>, or empty for none.</param>
    public ConnectError(string message, ReadOnlyMemory<byte> dataJson = default)
    {
        Message = message;
        DataJson = dataJson;
    }

    /// <summary>The message of the CONNECT_ERROR.</summary>
    public string Message { get; }

    /// <summary>The <c>data</c> of the CONNECT_ERROR as raw JSON; empty for none.</summary>
    public ReadOnlyMemory<byte> DataJson { get; }
}
