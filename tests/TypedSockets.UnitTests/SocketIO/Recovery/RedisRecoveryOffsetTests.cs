using System.Text;
using TypedSockets.Redis;

namespace TypedSockets.Tests.SocketIO.Recovery;

/// <summary>Redis stream ids become offsets that grow with the id; anything else is refused.</summary>
public sealed class RedisRecoveryOffsetTests
{
    [Fact]
    public void Offsets_grow_with_the_stream_id()
    {
        string[] ids = ["1733560000000-0", "1733560000000-1", "1733560000000-1048575", "1733560000001-0"];
        var previous = 0L;
        foreach (var id in ids)
        {
            Assert.True(RedisBackplane.TryParseOffset(Encoding.ASCII.GetBytes(id), out var offset));
            Assert.True(offset > previous, id);
            previous = offset;
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("17")]
    [InlineData("-1")]
    [InlineData("1-")]
    [InlineData("0-0")]
    [InlineData("1733560000000-1048576")]
    [InlineData("99999999999999999-0")]
    [InlineData("+1-1")]
    public void Anything_else_is_refused(string id) =>
        Assert.False(RedisBackplane.TryParseOffset(Encoding.ASCII.GetBytes(id), out _));
}
