using TypedSockets.EngineIO;

namespace TypedSockets.SocketIO;

/// <summary>
/// One encoded Socket.IO packet: the text message and, for binary packets, its attachments, each framed once
/// and shared by every recipient. The holder releases it with <see cref="Release"/> after the last send.
/// </summary>
public readonly struct OutgoingPacket
{
    internal OutgoingPacket(EngineMessage text, EngineMessage[]? attachments)
    {
        Text = text;
        Attachments = attachments;
    }

    public EngineMessage Text { get; }

    /// <summary>The binary attachments that must follow <see cref="Text"/> on the same session, in order.</summary>
    public EngineMessage[]? Attachments { get; }

    public void Release()
    {
        Text.Release();
        if (Attachments is not null)
        {
            foreach (var attachment in Attachments)
            {
                attachment.Release();
            }
        }
    }
}
