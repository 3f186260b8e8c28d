using System.Text;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.WebSockets;

public sealed class Utf8IncrementalValidatorTests
{
    [Theory]
    [InlineData("ce ba e1 bd b9 cf 83 ce bc ce b5")]
    [InlineData("f4 8f bf bf")]
    [InlineData("ef bf bf")]
    [InlineData("48 65 6c 6c 6f")]
    public void Valid_text_passes_split_anywhere(string hex)
    {
        var bytes = Hex.Parse(hex);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var validator = default(Utf8IncrementalValidator);
            Assert.True(validator.Append(bytes.AsSpan(0, split)));
            Assert.True(validator.Append(bytes.AsSpan(split)));
            Assert.True(validator.IsComplete);
        }
    }

    [Theory]
    [InlineData("ce ba f4 90", 3)] // F4 90: above U+10FFFF
    [InlineData("ed a0", 1)] // a surrogate
    [InlineData("e0 80", 1)] // overlong three-byte form
    [InlineData("c0", 0)] // overlong lead
    [InlineData("f5", 0)] // lead beyond U+10FFFF
    [InlineData("80", 0)] // lone continuation
    [InlineData("e1 bd 41", 2)] // code point cut short by ASCII
    public void Invalid_text_fails_at_the_first_impossible_byte(string hex, int failingIndex)
    {
        var bytes = Hex.Parse(hex);
        var validator = default(Utf8IncrementalValidator);
        for (var i = 0; i < bytes.Length; i++)
        {
            var valid = validator.Append(bytes.AsSpan(i, 1));
            Assert.Equal(i < failingIndex, valid);
            if (!valid)
            {
                return;
            }
        }

        Assert.Fail("the invalid byte was accepted");
    }

    [Fact]
    public void An_unfinished_code_point_is_not_complete()
    {
        var validator = default(Utf8IncrementalValidator);
        Assert.True(validator.Append(Hex.Parse("e1 bd")));
        Assert.False(validator.IsComplete);
    }

    [Fact]
    public void Long_text_is_checked_in_bulk_and_at_the_seams()
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("κόσμε 𝄞 abc ", 500)));
        for (var chunk = 1; chunk < 40; chunk += 3)
        {
            var validator = default(Utf8IncrementalValidator);
            for (var i = 0; i < text.Length; i += chunk)
            {
                Assert.True(validator.Append(text.AsSpan(i, Math.Min(chunk, text.Length - i))));
            }

            Assert.True(validator.IsComplete);
        }

        var broken = text.ToArray();
        broken[3001] = 0xFF;
        var whole = default(Utf8IncrementalValidator);
        Assert.False(whole.Append(broken));
    }
}
