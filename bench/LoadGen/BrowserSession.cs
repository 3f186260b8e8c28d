namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// A browser's connection after <see cref="BrowserConnect"/>: the WebSocket's loop answers pings, and one echo over it
/// proves the session really moved to the WebSocket (the server routes the call and its ack there).
/// </summary>
internal sealed class BrowserSession(BrowserConnect.Connection connection, Dialect dialect, ErrorLog errors) : Session(connection.WebSocket, dialect, errors)
{
    private const long VerifyId = 1;
    private static readonly byte[] Method = "echo"u8.ToArray();
    private static readonly byte[] Payload = "over-websocket"u8.ToArray();

    private readonly TaskCompletionSource _verified = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PollingClient _http = connection.Http;

    /// <summary>One echo over the WebSocket; false (with an error logged) when its ack does not come back right.</summary>
    public async Task VerifyAsync(TimeSpan timeout)
    {
        var message = new byte[256];
        var frame = new byte[message.Length + ClientFrame.MaxHeaderSize];
        var length = ClientFrame.Write(frame, ClientFrame.Text, FormatCall(message, Method, VerifyId, Payload, true));
        try
        {
            await Client.SendAsync(frame.AsMemory(0, length), CancellationToken.None);
            await _verified.Task.WaitAsync(timeout);
        }
        catch (Exception exception)
        {
            Errors.Add($"{Dialect.Name}: no echo over the upgraded WebSocket: {exception.Message}");
        }
    }

    protected override void HandleAck(long id, ReadOnlySpan<byte> result)
    {
        if (id != VerifyId || !result.SequenceEqual(Dialect.EchoOf(Payload)) || !_verified.TrySetResult())
        {
            Errors.Add($"{Dialect.Name}: unexpected ack {id} over the upgraded WebSocket");
        }
    }

    /// <summary>Resets the WebSocket and the HTTP connections the browser opened on the way.</summary>
    public async Task CloseAsync()
    {
        await AbortAsync();
        await _http.AbortAsync();
    }
}
