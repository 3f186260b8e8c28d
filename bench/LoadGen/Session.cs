using System.Text;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// One connection and its receive loop: read what arrived, dispatch every complete message, send
/// whatever the handlers batched in one write, read again. Any end the generator did not ask for is
/// a correctness failure.
/// </summary>
internal abstract class Session : IInbound
{
    /// <summary>Ack id of the one setup call a session may have in flight; scenario ids start at 1.</summary>
    private const long SetupCallId = 0;
    private static readonly TimeSpan SetupCallTimeout = TimeSpan.FromSeconds(15);

    private readonly byte[] _scratch = new byte[1024];
    private TaskCompletionSource? _setupCall;
    private volatile bool _aborted;
    private Task _loop = Task.CompletedTask;

    protected Session(WsClient client, Dialect dialect, ErrorLog errors)
    {
        Client = client;
        Dialect = dialect;
        Errors = errors;
    }

    public WsClient Client { get; }

    protected Dialect Dialect { get; }

    protected ErrorLog Errors { get; }

    /// <summary>Formats one call into a scratch buffer that only the calling task uses at a time.</summary>
    protected ReadOnlySpan<byte> FormatCall(Span<byte> scratch, ReadOnlySpan<byte> method, long id, ReadOnlySpan<byte> argument, bool hasArgument) =>
        scratch[..Dialect.WriteCall(scratch, method, id, argument, hasArgument)];

    /// <summary>Scratch space for building calls from the receive loop.</summary>
    protected Span<byte> LoopScratch => _scratch;

    public void StartLoop() => _loop = Task.Run(LoopAsync);

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                while (Client.TryReadMessage(out var message))
                {
                    Dialect.Dispatch(message.Span, this);
                }

                await Client.FlushAsync(CancellationToken.None);
                if (Client.Closed || !await Client.FillAsync(CancellationToken.None))
                {
                    break;
                }
            }

            if (!_aborted)
            {
                Errors.Add($"{Dialect.Name}: the server closed a connection");
            }
        }
        catch (Exception exception) when (!_aborted)
        {
            Errors.Add($"{Dialect.Name}: a connection failed: {exception.Message}");
        }
        catch (Exception)
        {
            // The generator reset this connection itself.
        }
        finally
        {
            _setupCall?.TrySetException(new IOException("The connection ended before the ack."));
        }
    }

    /// <summary>Calls <paramref name="method"/> once and waits for its ack (setup only: join).</summary>
    public async Task CallAsync(byte[] method, CancellationToken cancellationToken)
    {
        var call = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _setupCall = call;
        var message = new byte[1024];
        var frame = new byte[message.Length + ClientFrame.MaxHeaderSize];
        var length = ClientFrame.Write(frame, ClientFrame.Text, FormatCall(message, method, SetupCallId, default, false));
        await Client.SendAsync(frame.AsMemory(0, length), cancellationToken);
        await call.Task.WaitAsync(SetupCallTimeout, cancellationToken);
    }

    public void OnAck(long id, ReadOnlySpan<byte> result)
    {
        if (id == SetupCallId && _setupCall is { } call)
        {
            _setupCall = null;
            call.TrySetResult();
            return;
        }

        HandleAck(id, result);
    }

    protected virtual void HandleAck(long id, ReadOnlySpan<byte> result) => Errors.Add($"{Dialect.Name}: unexpected ack {id}");

    public virtual void OnTick(ReadOnlySpan<byte> payload) => Errors.Add($"{Dialect.Name}: unexpected tick");

    public void OnServerPing() => Dialect.AnswerPing(Client);

    public void OnUnexpected(ReadOnlySpan<byte> message)
    {
        var shown = message.Length > 120 ? message[..120] : message;
        Errors.Add($"{Dialect.Name}: unexpected message '{Encoding.UTF8.GetString(shown)}'");
    }

    /// <summary>Resets the connection; the loop's end is then expected, not an error.</summary>
    public Task AbortAsync()
    {
        _aborted = true;
        Client.Abort();
        return _loop;
    }

    public bool IsAlive => !_aborted && !_loop.IsCompleted;
}
