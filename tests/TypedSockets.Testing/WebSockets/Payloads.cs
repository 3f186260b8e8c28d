using System.Text;

namespace TypedSockets.Tests.WebSockets;

/// <summary>Message sizes at each length-encoding boundary (7/16/64-bit) and a large one; the valid close codes.</summary>
internal static class Payloads
{
    public static readonly int[] Sizes = [0, 125, 126, 65535, 65536, 1024 * 1024];

    /// <summary>Every close code an endpoint may send: 1000–1003, 1007–1011, and the ends of 3000–4999.</summary>
    public static readonly int[] CloseCodes = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4999];

    public static TheoryData<int> CloseCodeData()
    {
        var data = new TheoryData<int>();
        foreach (var code in CloseCodes)
        {
            data.Add(code);
        }

        return data;
    }

    public static TheoryData<int, bool> SizesAndKinds()
    {
        var data = new TheoryData<int, bool>();
        foreach (var size in Sizes)
        {
            data.Add(size, true);
            data.Add(size, false);
        }

        return data;
    }

    /// <summary>Deterministic content: multi-byte UTF-8 text (ASCII filler to reach the exact size) or a byte ramp.</summary>
    public static byte[] Create(int size, bool text)
    {
        if (!text)
        {
            return Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        }

        // 100-byte units with a two-byte code point, so a bad split of code points would show.
        var unit = Encoding.UTF8.GetBytes("κ" + new string('a', 98));
        var bytes = new byte[size];
        for (var i = 0; i + unit.Length <= size; i += unit.Length)
        {
            unit.CopyTo(bytes, i);
        }

        bytes.AsSpan(size - size % unit.Length).Fill((byte)'z');
        return bytes;
    }
}
