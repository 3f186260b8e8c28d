using TypedSockets.WebSockets;

namespace TypedSockets.Client.Transports;

/// <summary>
/// The client's seam to an Engine.IO transport, which only moves packets: text packets whole (type digit first),
/// binary attachments as their bytes. Reads come from one loop at a time, sends from one sender at a time (the client's
/// <c>PacketSender</c>, which batches them).
/// </summary>
internal abstract class ClientTransport : IAsyncDisposable
{
    /// <summary>The transport in use now, socket.io's name for it: <c>polling</c> or <c>websocket</c> (changes on upgrade).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The next packet: <see cref="WebSocketMessageKind.Text"/> (an Engine.IO packet), <see cref="WebSocketMessageKind.Binary"/>
    /// (an attachment) or <see cref="WebSocketMessageKind.Close"/> (the transport ended). The payload stays valid until the next call.
    /// </summary>
    public abstract ValueTask<WebSocketMessage> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Sends one Engine.IO text packet (type digit first).</summary>
    public abstract ValueTask SendTextAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken);

    /// <summary>Sends one binary attachment.</summary>
    public abstract ValueTask SendBinaryAsync(ReadOnlyMemory<byte> attachment, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a batch in order: text messages are Engine.IO packets, binary ones attachments (each after its packet). A
    /// transport that can sends it in one write (one WebSocket write, one polling POST); this default sends one by one.
    /// Throws when the batch could not be sent; the caller then gives the transport up.
    /// </summary>
    public virtual async ValueTask SendAsync(IReadOnlyList<WebSocketMessage> messages, CancellationToken cancellationToken)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Kind == WebSocketMessageKind.Binary)
            {
                await SendBinaryAsync(message.Payload, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SendTextAsync(message.Payload, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Ends the session politely (Engine.IO close), best effort.</summary>
    public abstract ValueTask CloseAsync();

    /// <summary>Drops the transport at once; a pending receive ends.</summary>
    public abstract void Abort();

    /// <inheritdoc/>
    public abstract ValueTask DisposeAsync();
}
