namespace TypedSockets.SocketIO;

/// <summary>
/// An encoded Socket.IO packet on its way to the backplane: the packet text (what follows the Engine.IO <c>4</c>)
/// and its binary attachments. Valid only while the call that received it runs.
/// </summary>
public readonly struct BackplanePacket
{
    private readonly OutgoingPacket _packet;

    internal BackplanePacket(OutgoingPacket packet)
    {
        _packet = packet;
    }

    /// <summary>The packet text, without the Engine.IO <c>4</c>.</summary>
    public ReadOnlyMemory<byte> Text => _packet.Text.Payload;

    /// <summary>How many binary attachments follow the packet.</summary>
    public int AttachmentCount => _packet.Attachments?.Length ?? 0;

    /// <summary>Binary attachment <paramref name="index"/>, in packet order.</summary>
    /// <param name="index">From 0 to <see cref="AttachmentCount"/> - 1.</param>
    public ReadOnlyMemory<byte> GetAttachment(int index) => _packet.Attachments![index].Payload;
}
