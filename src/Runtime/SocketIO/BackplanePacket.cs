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

    public ReadOnlyMemory<byte> Text => _packet.Text.Payload;

    public int AttachmentCount => _packet.Attachments?.Length ?? 0;

    public ReadOnlyMemory<byte> GetAttachment(int index) => _packet.Attachments![index].Payload;
}
