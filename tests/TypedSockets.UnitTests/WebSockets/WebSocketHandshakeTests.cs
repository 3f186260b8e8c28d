using System.Text;
using Microsoft.Extensions.Primitives;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.WebSockets;

public sealed class WebSocketHandshakeTests
{
    // The example of RFC 6455 §1.3.
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";
    private const string Accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    [Fact]
    public void Accept_of_the_rfc_example_is_the_same_from_text_and_from_raw_bytes()
    {
        Span<byte> accept = stackalloc byte[WebSocketHandshake.AcceptLength];
        WebSocketHandshake.WriteAccept(Encoding.ASCII.GetBytes(Key), accept);

        Assert.Equal(Accept, Encoding.ASCII.GetString(accept));
        Assert.Equal(Accept, WebSocketHandshake.ComputeAccept(Key));
    }

    [Theory]
    [InlineData(Key, true)]
    [InlineData("dGhlIHNhbXBsZSBub25jZQ=", false)]
    [InlineData("dGhlIHNhbXBsZSBub25jZQ==x", false)]
    [InlineData("dGhlIHNhbXBsZSBub25jZSE=", false)]
    [InlineData("dGhlIHNhbXBsZSBub25j ZQ=", false)]
    public void Key_is_valid_only_as_base64_of_16_bytes_in_both_forms(string key, bool valid)
    {
        Assert.Equal(valid, WebSocketHandshake.IsValidKey(key));
        Assert.Equal(valid, WebSocketHandshake.IsValidKey(Encoding.ASCII.GetBytes(key)));
    }

    [Theory]
    [InlineData("Upgrade", "upgrade", true)]
    [InlineData("keep-alive, Upgrade", "upgrade", true)]
    [InlineData("keep-alive,\tUPGRADE ", "upgrade", true)]
    [InlineData("keep-alive", "upgrade", false)]
    [InlineData("upgraded", "upgrade", false)]
    [InlineData("", "websocket", false)]
    [InlineData("websocket", "websocket", true)]
    public void Header_tokens_match_alike_in_text_and_raw_bytes(string value, string token, bool expected)
    {
        Assert.Equal(expected, WebSocketHandshake.ContainsToken(new StringValues(value), token));
        Assert.Equal(expected, WebSocketHandshake.ContainsToken(Encoding.ASCII.GetBytes(value), Encoding.ASCII.GetBytes(token)));
    }
}
