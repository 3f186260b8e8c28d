using System.IO.Pipelines;

namespace TypedSockets.WebSockets;

/// <summary>
/// What a connection frames over: a stream (the upgraded HTTP/1.1 connection, the client's TCP or TLS
/// stream) read through a <see cref="PipeReader"/> and written through a <see cref="StreamFrameWriter"/>;
/// or, below a host's HTTP server, the host's own input pipe and a stream that only writes.
/// </summary>
internal sealed class StreamWebSocketTransport
{
    /// <summary>
    /// The pipe's read size. An idle connection holds none of it: with zero-byte reads the reader waits for
    /// data before renting the buffer, and returns it once consumed. A payload rest larger than this is read
    /// straight into the message buffer instead.
    /// </summary>
    public const int ReadBufferSize = 16 * 1024;

    private readonly Stream _stream;
    private readonly Action? _abort;
    private readonly bool _ownsStream;
    private readonly bool _inputIsOverStream;

    /// <param name="stream">The stream frames travel over.</param>
    /// <param name="input">A reader already created with <see cref="CreateReader"/> (it may hold bytes read past the handshake), or null.</param>
    /// <param name="abort">Drops the underlying connection; null disposes the stream.</param>
    /// <param name="ownsStream">True when ending the transport disposes the stream; false when the host closes it (after the request ends).</param>
    public StreamWebSocketTransport(Stream stream, PipeReader? input = null, Action? abort = null, bool ownsStream = true)
    {
        _stream = stream;
        _abort = abort;
        _ownsStream = ownsStream;
        _inputIsOverStream = true;
        Input = input ?? CreateReader(stream);
        Output = new StreamFrameWriter(stream);
    }

    private StreamWebSocketTransport(PipeReader input, Stream output, Action abort)
    {
        _stream = output;
        _abort = abort;
        Input = input;
        Output = new StreamFrameWriter(output);
    }

    /// <summary>
    /// Frames read from a host's connection pipe (which reads the socket on its own) and written to
    /// <paramref name="output"/>; the host closes the connection.
    /// </summary>
    public static StreamWebSocketTransport OverHostPipe(PipeReader input, Stream output, Action abort) => new(input, output, abort);

    /// <summary>
    /// The stream under <see cref="Input"/>, read directly only when the pipe holds nothing; null when the input
    /// comes from a host's pipe, whose own reads run ahead of ours.
    /// </summary>
    public Stream? DirectInput => _inputIsOverStream ? _stream : null;

    public PipeReader Input { get; }

    public StreamFrameWriter Output { get; }

    // Kestrel's upgraded stream, NetworkStream and SslStream all complete a zero-byte read when data arrives
    // without consuming it; a stream that does not simply completes it at once and the real read follows.
    public static PipeReader CreateReader(Stream stream) =>
        PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, leaveOpen: true, useZeroByteReads: true));

    /// <summary>Ends the transport once the close handshake is over and no read is in progress.</summary>
    public async ValueTask CloseAsync()
    {
        await Input.CompleteAsync().ConfigureAwait(false);
        if (_ownsStream)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Drops the connection at once (a read may be in progress; it fails).</summary>
    public void Abort()
    {
        if (_abort is not null)
        {
            _abort();
        }
        else
        {
            _stream.Dispose();
        }
    }
}
