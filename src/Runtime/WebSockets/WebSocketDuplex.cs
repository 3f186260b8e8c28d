using System.IO.Pipelines;

namespace TypedSockets.WebSockets;

/// <summary>
/// The duplex byte stream a <see cref="WebSocketConnection"/> frames over, and all it knows of where the bytes
/// come from: read through a <see cref="PipeReader"/>, written through a <see cref="StreamFrameWriter"/>, ended
/// by <see cref="CloseAsync"/> or dropped by <see cref="Abort"/>. Over a plain stream (a client's TCP or TLS
/// stream, a test's stream) this class is the whole story; whoever hosts the connection (an upgraded HTTP
/// request, a raw host connection) derives from it to drop the connection its own way.
/// </summary>
internal class WebSocketDuplex
{
    /// <summary>
    /// The pipe's read size. An idle connection holds none of it: with zero-byte reads the reader waits for
    /// data before renting the buffer, and returns it once consumed. A payload rest larger than this is read
    /// straight into the message buffer instead.
    /// </summary>
    public const int ReadBufferSize = 16 * 1024;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly bool _inputIsOverStream;
    private readonly bool _completesInput = true;

    /// <param name="stream">The stream frames travel over.</param>
    /// <param name="input">A reader already created with <see cref="CreateReader"/> (it may hold bytes read past the handshake), or null.</param>
    /// <param name="ownsStream">True when ending the connection disposes the stream; false when its host closes it.</param>
    public WebSocketDuplex(Stream stream, PipeReader? input = null, bool ownsStream = true)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _inputIsOverStream = true;
        Input = input ?? CreateReader(stream);
        Output = new StreamFrameWriter(stream);
    }

    /// <summary>
    /// Frames read from a host's own input pipe (which reads the socket on its own) and written to
    /// <paramref name="output"/>; the host closes the connection. With <paramref name="completesInput"/> false the
    /// input pipe is left for the host to complete (an HTTP server's, which completes it when the request ends).
    /// </summary>
    protected WebSocketDuplex(PipeReader input, Stream output, bool completesInput = true)
    {
        _stream = output;
        _completesInput = completesInput;
        Input = input;
        Output = new StreamFrameWriter(output);
    }

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

    /// <summary>Ends the duplex once the close handshake is over and no read is in progress.</summary>
    public async ValueTask CloseAsync()
    {
        if (_completesInput)
        {
            await Input.CompleteAsync().ConfigureAwait(false);
        }

        if (_ownsStream)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Drops the connection at once (a read may be in progress; it fails). Over a plain stream: disposes it.</summary>
    public virtual void Abort() => _stream.Dispose();
}
