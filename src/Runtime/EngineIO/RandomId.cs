using System.Buffers.Text;
using System.Security.Cryptography;

namespace TypedSockets.EngineIO;

/// <summary>
/// The ids a peer is known by: Engine.IO session ids and Socket.IO socket ids. 15 random bytes from the operating
/// system's generator as URL-safe base64, 20 characters like socket.io's own ids: unguessable (an id is all a
/// polling request shows to prove it belongs to a session) and safe in a query string without escaping.
/// </summary>
internal static class RandomId
{
    /// <summary>A new id.</summary>
    public static string Next()
    {
        Span<byte> random = stackalloc byte[15];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }
}
