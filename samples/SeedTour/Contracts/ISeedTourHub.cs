using System.Text.Json;

namespace SeedTour.Contracts;

/// <summary>Client to server in namespace <c>/</c> (docs/samples.md).</summary>
public interface ISeedTourHub
{
    /// <summary>Logged; the ack is <c>{"received":message}</c>.</summary>
    Task<Receipt> Event(ChatMessage message);

    // The seed's clients may send any JSON as a room name and get `false` back, never an error ack: these two
    // parameters stay untyped on purpose.
#pragma warning disable TSK2003
    /// <summary>Any JSON value: only names matching <c>^[a-z0-9-]{1,32}\z</c> join (acked true); anything else is acked false.</summary>
    Task<bool> Join(JsonElement room);

    Task<bool> Leave(JsonElement room);
#pragma warning restore TSK2003

    /// <summary>Emits <c>some event</c> to every socket in the room.</summary>
    Task ToRoom(RoomMessage message);

    Task<double> Add(double a, double b);

    /// <summary>Acked with the same bytes, as a binary attachment.</summary>
    Task<byte[]> EchoBinary(byte[] bytes);
}
