using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SeedTourTests
{
    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Join_accepts_valid_room_names_and_toRoom_reaches_members_only(string mode)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunAsync(server, "rooms", mode);

        var joins = result.Single("joins").GetProperty("joins");
        Assert.True(joins.GetProperty("blue").GetBoolean());
        Assert.True(joins.GetProperty("a-1").GetBoolean());
        Assert.True(joins.GetProperty(new string('x', 32)).GetBoolean());
        Assert.False(joins.GetProperty("Bad").GetBoolean());
        Assert.False(joins.GetProperty("has space").GetBoolean());
        Assert.False(joins.GetProperty(string.Empty).GetBoolean());
        Assert.False(joins.GetProperty(new string('x', 33)).GetBoolean());
        Assert.False(joins.GetProperty("42").GetBoolean());
        // A valid name followed by a newline: the end of input is anchored, not the end of a line.
        Assert.False(joins.GetProperty("trailing\n").GetBoolean());
        Assert.False(joins.GetProperty("trailing\r\n").GetBoolean());
        Assert.False(joins.GetProperty(new string('x', 32) + "\n").GetBoolean());
        // NUL, at the end or inside, and non-ASCII look-alikes of accepted names (Cyrillic a, fullwidth b and 1).
        Assert.False(joins.GetProperty("nul\0").GetBoolean());
        Assert.False(joins.GetProperty("nul\0x").GetBoolean());
        Assert.False(joins.GetProperty("\u0430-1").GetBoolean());
        Assert.False(joins.GetProperty("\uff42lue").GetBoolean());
        Assert.False(joins.GetProperty("room\uff11").GetBoolean());
        Assert.True(result.Single("leave").GetProperty("ack").GetBoolean());

        var events = result.All("someEvents").ToDictionary(e => e.GetProperty("client").GetString()!, e => e.GetProperty("events").GetRawText());
        // a: its own message to blue (a member), not the one sent to blue after it left; b: c's message to red; c: nothing.
        Assert.Equal("""[{"room":"blue","text":"to blue from a"}]""", events["a"]);
        Assert.Equal("""[{"room":"red","text":"to red from c"}]""", events["b"]);
        Assert.Equal("[]", events["c"]);
    }
}
