using System.Buffers;
using System.Text;
using System.Text.Json;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// The MessagePack reader and writer, and the JSON/packet conversions on top of them. Expected bytes are what
/// notepack.io 3 (the encoder of socket.io's Redis adapter, emitter and msgpack parser) produces for the same values.
/// </summary>
public sealed class MessagePackCodecTests
{
    [Theory]
    [InlineData("[0]", "9100")]
    [InlineData("[127]", "917f")]
    [InlineData("[128]", "91cc80")]
    [InlineData("[255]", "91ccff")]
    [InlineData("[256]", "91cd0100")]
    [InlineData("[65535]", "91cdffff")]
    [InlineData("[65536]", "91ce00010000")]
    [InlineData("[-1]", "91ff")]
    [InlineData("[-32]", "91e0")]
    [InlineData("[-33]", "91d0df")]
    [InlineData("[-128]", "91d080")]
    [InlineData("[-129]", "91d1ff7f")]
    [InlineData("[-32768]", "91d18000")]
    [InlineData("[-32769]", "91d2ffff7fff")]
    [InlineData("[4294967296]", "91cf0000000100000000")]
    [InlineData("[-4294967296]", "91d3ffffffff00000000")]
    [InlineData("[1.5]", "91cb3ff8000000000000")]
    [InlineData("[\"a\"]", "91a161")]
    [InlineData("[\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]", "91bf78787878787878787878787878787878787878787878787878787878787878")]
    [InlineData("[\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]", "91d9207878787878787878787878787878787878787878787878787878787878787878")]
    [InlineData("[\"\\u00e9\"]", "91a2c3a9")]
    [InlineData("[true,false,null]", "93c3c2c0")]
    [InlineData("{\"a\":1,\"b\":[1,2]}", "82a16101a162920102")]
    public void Json_values_encode_as_notepack_encodes_them_and_decode_back(string json, string hex)
    {
        var output = new ArrayBufferWriter<byte>();
        MessagePackJson.FromJson(Encoding.UTF8.GetBytes(json), new MessagePackWriter(output), []);
        Assert.Equal(hex, Convert.ToHexStringLower(output.WrittenSpan));

        var attachments = new List<byte[]>();
        Assert.Equal(Normalize(json), ToJson(Convert.FromHexString(hex), attachments));
        Assert.Empty(attachments);
    }

    [Theory]
    [InlineData(4294967295L, "ceffffffff")]
    [InlineData(-2147483648L, "d280000000")]
    [InlineData(-2147483649L, "d3ffffffff7fffffff")]
    [InlineData(long.MinValue, "d38000000000000000")]
    [InlineData(long.MaxValue, "cf7fffffffffffffff")]
    public void Integers_at_the_edges_of_each_width_take_its_form(long value, string hex)
    {
        var output = new ArrayBufferWriter<byte>();
        new MessagePackWriter(output).WriteInt64(value);
        Assert.Equal(hex, Convert.ToHexStringLower(output.WrittenSpan));
    }

    [Theory]
    [InlineData(255, "d9ff", "c4ff")]
    [InlineData(256, "da0100", "c50100")]
    [InlineData(65535, "daffff", "c5ffff")]
    [InlineData(65536, "db00010000", "c600010000")]
    public void Strings_and_binaries_carry_the_smallest_length_header(int length, string stringHeader, string binaryHeader)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill((byte)'x');

        var strings = new ArrayBufferWriter<byte>();
        new MessagePackWriter(strings).WriteString(bytes);
        Assert.Equal(stringHeader, Convert.ToHexStringLower(strings.WrittenSpan[..(stringHeader.Length / 2)]));
        Assert.Equal(length + (stringHeader.Length / 2), strings.WrittenCount);

        var binaries = new ArrayBufferWriter<byte>();
        new MessagePackWriter(binaries).WriteBinary(bytes);
        Assert.Equal(binaryHeader, Convert.ToHexStringLower(binaries.WrittenSpan[..(binaryHeader.Length / 2)]));
        Assert.Equal(length + (binaryHeader.Length / 2), binaries.WrittenCount);
    }

    [Theory]
    [InlineData(15, "9f")]
    [InlineData(16, "dc0010")]
    [InlineData(65536, "dd00010000")]
    public void Array_headers_carry_the_smallest_count_form(int count, string hex)
    {
        var output = new ArrayBufferWriter<byte>();
        new MessagePackWriter(output).WriteArrayHeader(count);
        Assert.Equal(hex, Convert.ToHexStringLower(output.WrittenSpan));
    }

    [Fact]
    public void Binary_is_a_bin_value_in_MessagePack_and_a_placeholder_with_an_attachment_in_json()
    {
        var output = new ArrayBufferWriter<byte>();
        MessagePackJson.FromJson("[{\"num\":0,\"_placeholder\":true}]"u8, new MessagePackWriter(output), [new byte[] { 1, 2, 3 }]);
        Assert.Equal("91c403010203", Convert.ToHexStringLower(output.WrittenSpan));

        var attachments = new List<byte[]>();
        Assert.Equal("[{\"_placeholder\":true,\"num\":0}]", ToJson(output.WrittenSpan, attachments));
        Assert.Equal([1, 2, 3], Assert.Single(attachments));
    }

    [Fact]
    public void A_text_packet_becomes_the_map_socket_io_writes_and_back()
    {
        const string Text = "51-/chat,7[\"hello\",1,{\"a\":{\"_placeholder\":true,\"num\":0}}]";
        var output = new ArrayBufferWriter<byte>();
        MessagePackPacket.Write(new MessagePackWriter(output), Encoding.UTF8.GetBytes(Text), [new byte[] { 9 }]);
        // notepack.encode({type: 2, data: ["hello", 1, {a: Buffer.from([9])}], nsp: "/chat", id: 7})
        Assert.Equal("84a47479706502a46461746193a568656c6c6f0181a161c40109a36e7370a52f63686174a2696407", Convert.ToHexStringLower(output.WrittenSpan));

        var reader = new MessagePackReader(output.WrittenSpan);
        var text = new ArrayBufferWriter<byte>();
        var attachments = new List<byte[]>();
        Assert.Equal("/chat", MessagePackPacket.Read(ref reader, text, attachments));
        Assert.Equal(Text, Encoding.UTF8.GetString(text.WrittenSpan));
        Assert.Equal([9], Assert.Single(attachments));
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData("2[\"e\"]", "83a47479706502a46461746191a165a36e7370a12f")]
    [InlineData("0/admin,{\"sid\":\"x\"}", "83a47479706500a46461746181a3736964a178a36e7370a62f61646d696e")]
    [InlineData("1/admin,", "82a47479706501a36e7370a62f61646d696e")]
    [InlineData("312[1]", "84a47479706503a4646174619101a36e7370a12fa269640c")]
    public void Every_packet_type_round_trips(string text, string hex)
    {
        var output = new ArrayBufferWriter<byte>();
        MessagePackPacket.Write(new MessagePackWriter(output), Encoding.UTF8.GetBytes(text), []);
        Assert.Equal(hex.Replace(" ", string.Empty, StringComparison.Ordinal), Convert.ToHexStringLower(output.WrittenSpan));

        var reader = new MessagePackReader(output.WrittenSpan);
        var decoded = new ArrayBufferWriter<byte>();
        MessagePackPacket.Read(ref reader, decoded, []);
        Assert.Equal(text, Encoding.UTF8.GetString(decoded.WrittenSpan));
    }

    [Theory]
    [InlineData("")] // nothing
    [InlineData("c1")] // never used
    [InlineData("92")] // array of two, no elements
    [InlineData("dc")] // array 16 without its count
    [InlineData("ddffffffff")] // a forged count of four billion elements
    [InlineData("dbffffffff41")] // a forged string length
    [InlineData("c6ffffffff00")] // a forged binary length
    [InlineData("d9")] // str 8 without its length
    [InlineData("a3c328")] // invalid UTF-8
    [InlineData("c7")] // ext 8 without its length
    public void Malformed_MessagePack_fails_with_the_readers_own_error(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Throws<MessagePackException>(() => ToJson(bytes, []));
        Assert.Throws<MessagePackException>(() => new MessagePackReader(bytes).Skip());
    }

    [Fact]
    public void A_map_key_that_is_neither_a_string_nor_a_number_is_refused() =>
        Assert.Throws<MessagePackException>(() => ToJson(Convert.FromHexString("81c0c0"), []));

    [Fact]
    public void Nesting_is_bounded()
    {
        var deep = new byte[MessagePackReader.DefaultMaxDepth + 2];
        deep.AsSpan().Fill(0x91);
        deep[^1] = 0xc0;
        Assert.Throws<MessagePackException>(() => ToJson(deep, []));
        Assert.Throws<MessagePackException>(() => new MessagePackReader(deep).Skip());

        var shallow = deep.AsSpan(deep.Length - MessagePackReader.DefaultMaxDepth - 1).ToArray();
        var reader = new MessagePackReader(shallow);
        reader.Skip();
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData("80")] // no type
    [InlineData("81a474797065a17a")] // a string type
    [InlineData("82a47479706509a36e7370a12f")] // type 9
    [InlineData("82a47479706502a36e7370a12f")] // an event without data
    [InlineData("83a47479706502a46461746190a36e7370a12f")] // an event with an empty array
    [InlineData("83a47479706502a46461746191a165a36e737001")] // a numeric namespace
    [InlineData("84a47479706502a46461746191a165a36e7370a12fa26964a131")] // a string id
    [InlineData("83a47479706501a4646174610 1a36e7370a12f")] // a disconnect with data
    [InlineData("83a47479706502a46461746191a165a36e7370a3612c62")] // a namespace with a comma
    public void Malformed_packets_fail_with_the_readers_own_error(string hex)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Throws<MessagePackException>(() =>
        {
            var reader = new MessagePackReader(bytes);
            MessagePackPacket.Read(ref reader, new ArrayBufferWriter<byte>(), []);
        });
    }

    [Fact]
    public void Random_bytes_never_raise_anything_but_the_readers_error()
    {
        var random = new Random(20);
        var buffer = new byte[64];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            var length = random.Next(1, buffer.Length);
            var input = buffer.AsSpan(0, length).ToArray();
            try
            {
                var reader = new MessagePackReader(input);
                MessagePackPacket.Read(ref reader, new ArrayBufferWriter<byte>(), []);
            }
            catch (MessagePackException)
            {
            }

            try
            {
                ToJson(input, []);
            }
            catch (MessagePackException)
            {
            }
        }
    }

    [Fact]
    public void Timestamps_become_iso_dates_and_notepacks_undefined_becomes_null()
    {
        // notepack.encode([new Date(0), new Date(1500), undefined-as-fixext]) with the legacy undefined encoding.
        Assert.Equal("[\"1970-01-01T00:00:00.000Z\",\"1970-01-01T00:00:01.500Z\",null]", ToJson(Convert.FromHexString("93d6ff00000000d7ff7735940000000001d40000"), []));
    }

    private static string ToJson(ReadOnlySpan<byte> bytes, List<byte[]> attachments)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output))
        {
            var reader = new MessagePackReader(bytes);
            MessagePackJson.ToJson(ref reader, json, attachments);
            if (!reader.End)
            {
                throw new MessagePackException("trailing bytes");
            }
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string Normalize(string json)
    {
        using var document = JsonDocument.Parse(json);
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
