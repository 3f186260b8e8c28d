using System.Text.Json.Serialization;
using System.Text.Unicode;
using TypedSockets.Hubs;
using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Fuzzing;

/// <summary>
/// The typed argument readers that generated hub code calls: the input's first part (parts are separated by 0x1E)
/// is the JSON array of an event's arguments as the client sent it, the later parts its binary attachments. Text
/// that is not UTF-8 is skipped (the transports refuse it). Every reader is applied to every argument, and to the
/// indexes just outside the list.
/// Invariants: a reader returns a value or throws <see cref="HubArgumentException"/> (a bad argument, answered to
/// that client); <see cref="HubArguments.ThrowIfError"/> throws only <see cref="HubException"/>; nothing else
/// escapes, whatever the JSON holds (deep nesting, huge numbers, bad escapes, placeholders out of range).
/// </summary>
internal static class HubArgumentsTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var parts = FuzzInput.Split(input, SocketIOPacketTarget.MaxAttachments + 2);
        var json = parts[0];
        if (!Utf8.IsValid(json) || SocketIOPacketParser.TryReadAck(json, out var bounds, out var count) != SocketIOParseError.None)
        {
            return;
        }

        int[]? owned;
        using (bounds)
        {
            owned = bounds.IsEmpty ? null : bounds.Array.AsSpan(0, count * 2).ToArray();
        }

        ReadOnlyMemory<byte>[]? attachments = null;
        if (parts.Count > 1)
        {
            attachments = new ReadOnlyMemory<byte>[parts.Count - 1];
            for (var i = 1; i < parts.Count; i++)
            {
                attachments[i - 1] = parts[i];
            }
        }

        var arguments = new EventArguments(json, owned, count, attachments);
        var budget = AllocationBudget.Start(input.Length, 64);
        Expect(() => HubArguments.ExpectCount(arguments, 2));
        try
        {
            HubArguments.ThrowIfError(arguments);
        }
        catch (HubException exception) when (exception is not HubArgumentException)
        {
        }

        for (var index = -1; index <= count; index++)
        {
            ReadAll(arguments, index);
        }

        budget.Check("the argument readers");
    }

    private static void ReadAll(EventArguments arguments, int index)
    {
        Expect(() => HubArguments.ReadString(arguments, index));
        Expect(() => HubArguments.ReadNullableString(arguments, index));
        Expect(() => HubArguments.ReadBoolean(arguments, index));
        Expect(() => HubArguments.ReadInt32(arguments, index));
        Expect(() => HubArguments.ReadInt64(arguments, index));
        Expect(() => HubArguments.ReadDouble(arguments, index));
        Expect(() => HubArguments.ReadSingle(arguments, index));
        Expect(() => HubArguments.ReadDecimal(arguments, index));
        Expect(() => HubArguments.ReadGuid(arguments, index));
        Expect(() => HubArguments.ReadJsonElement(arguments, index));
        Expect(() => HubArguments.ReadRawJson(arguments, index));
        Expect(() => HubArguments.ReadBytes(arguments, index));
        Expect(() => HubArguments.ReadMemory(arguments, index));
        Expect(() => HubArguments.Read(arguments, index, FuzzJsonContext.Default.FuzzRecord));
        Expect(() => HubArguments.Read(arguments, index, FuzzJsonContext.Default.ListInt32));
        Expect(() => HubArguments.Read(arguments, index, FuzzJsonContext.Default.DictionaryStringString));
        Expect(() => HubArguments.Read(arguments, index, FuzzJsonContext.Default.DateTimeOffset));
        Expect(() => HubArguments.Read(arguments, index, FuzzJsonContext.Default.FuzzColor));
    }

    private static void Expect<T>(Func<T> read)
    {
        try
        {
            _ = read();
        }
        catch (HubArgumentException)
        {
            // The reader's own answer to a bad argument.
        }
    }

    private static void Expect(Action read)
    {
        try
        {
            read();
        }
        catch (HubArgumentException)
        {
        }
    }
}

/// <summary>A contract type of the usual shape: nested records, collections, nullable members, an enum.</summary>
internal sealed record FuzzRecord(string Name, int Count, double? Ratio, List<FuzzRecord>? Children, Dictionary<string, long>? Totals, Guid Id, FuzzColor Color, byte[]? Data);

internal enum FuzzColor
{
    Red,
    Green,
}

[JsonSerializable(typeof(FuzzRecord))]
[JsonSerializable(typeof(List<int>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(FuzzColor))]
internal sealed partial class FuzzJsonContext : JsonSerializerContext;
