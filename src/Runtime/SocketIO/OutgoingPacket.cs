using System.Buffers;
using TypedSockets.EngineIO;

namespace TypedSockets.SocketIO;

/// <summary>
/// One encoded Socket.IO packet: the text message and, for binary packets, its attachments, each framed once
/// and shared by every recipient. The holder releases it with <see cref="Release"/> after the last send.
/// </summary>
internal readonly struct OutgoingPacket
{
    internal OutgoingPacket(EngineMessage text, EngineMessage[]? attachments)
    {
        Text = text;
        Attachments = attachments;
    }

    public EngineMessage Text { get; }

    /// <summary>The binary attachments that must follow <see cref="Text"/> on the same session, in order.</summary>
    public EngineMessage[]? Attachments { get; }

    /// <summary>Frames attachments received from elsewhere (a backplane message) as binary messages; null when none.</summary>
    public static EngineMessage[]? FrameAttachments(ReadOnlySpan<ReadOnlyMemory<byte>> attachments)
    {
        if (attachments.IsEmpty)
        {
            return null;
        }

        var framed = new EngineMessage[attachments.Length];
        for (var i = 0; i < framed.Length; i++)
        {
            using var attachment = new EngineMessageWriter(attachments[i].Length);
            attachment.Write(attachments[i].Span);
            framed[i] = attachment.ToMessage(isBinary: true);
        }

        return framed;
    }

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
