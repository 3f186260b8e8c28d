namespace TypedSockets.Tests.WebSockets;

/// <summary>Frames written as hex literals (<c>81 05 48 65 6c 6c 6f</c>), as the Node ws tests do.</summary>
internal static class Hex
{
    public static byte[] Parse(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
