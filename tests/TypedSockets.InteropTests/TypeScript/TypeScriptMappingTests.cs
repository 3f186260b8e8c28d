using TypedSockets.Tests.Samples;
using TypedSockets.Tests.SocketIO;
using System.Text.Json;
using System.Text.Json.Nodes;
using TypedSockets.Tests.TypeScript.Shapes;

namespace TypedSockets.Tests.TypeScript;

/// <summary>
/// The typings this project's build wrote for the shapes hub (TypeScript/MappingShapes.cs) against what
/// System.Text.Json really writes: values serialized with the hub's context become TypeScript literals of the
/// generated types, which tsc --strict must accept; the same values broken once each (under <c>@ts-expect-error</c>)
/// must be refused, and the event maps must have exactly the expected signatures. One tsc run checks it all.
/// </summary>
public sealed class TypeScriptMappingTests : IDisposable
{
    private static readonly string Typings = Path.Combine(RepositoryPaths.Root, "tests", "TypedSockets.InteropTests", "obj", "typescript", "index.ts");
    private readonly string _directory = Path.Combine(RepositoryPaths.NodePeers, "typescript", "out", "mapping-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Values_written_by_System_Text_Json_are_literals_of_the_generated_types_and_broken_ones_are_not()
    {
        Assert.True(File.Exists(Typings), "the build did not write " + Typings);
        var context = ShapesJsonContext.Default;
        var everything = new Everything
        {
            PlainText = "plain",
            Renamed = 7,
            MaybeNumber = 1.5,
            Flag = true,
            Big = 1234567890123,
            Money = 1.25m,
            NumberEnum = Level.High,
            StringEnum = Mood.Angry,
            Numbers = [1, 2],
            Names = ["a", null],
            Counts = new() { ["x"] = 1 },
            When = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            WhenWithOffset = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            Base64 = [1, 2, 3],
            Anything = JsonDocument.Parse("""{"free":[1,"form",null]}""").RootElement,
            Nested = new Item("nested", 3),
            Paged = new Page<Item>([new Item("a", 1)], 1),
            Shapes = [new Circle("c", 1), new Square("s", 2)],
        };
        var everythingJson = JsonSerializer.Serialize(everything, context.Everything);
        var setJson = JsonSerializer.Serialize(everything with { OnlyWhenSet = "set", MaybeText = "text", MaybeNumber = null }, context.Everything);
        Assert.DoesNotContain("onlyWhenSet", everythingJson, StringComparison.Ordinal);
        Assert.Contains("\"onlyWhenSet\":\"set\"", setJson, StringComparison.Ordinal);

        string Broken(Action<JsonObject> change)
        {
            var node = JsonNode.Parse(everythingJson)!.AsObject();
            change(node);
            return node.ToJsonString();
        }

        var import = Path.GetRelativePath(_directory, Typings).Replace('\\', '/');
        import = (import.StartsWith('.') ? import : "./" + import)[..^3] + ".js";
        var source = $$"""
            import type { Everything, Shape, Page, Item, Level, Mood, ShapesClientToServerEvents, ShapesServerToClientEvents } from "{{import}}";

            type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

            export const everything: Everything = {{everythingJson}};
            export const everythingSet: Everything = {{setJson}};
            export const shape: Shape = {{JsonSerializer.Serialize<Shape>(new Circle("round", 2.5), context.Shape)}};
            export const page: Page<Item> = {{JsonSerializer.Serialize(new Page<Item>([new Item("x", 1)], 1), context.PageItem)}};
            export const items: Record<string, Item> = {{JsonSerializer.Serialize(new Dictionary<string, Item> { ["k"] = new Item("v", 2) }, context.DictionaryStringItem)}};
            export const level: Level = {{JsonSerializer.Serialize(Level.Low, context.Level)}};
            export const mood: Mood = "Calm";

            export const echo: Equal<ShapesClientToServerEvents["echo"], (value: Everything, bytes: ArrayBuffer | Uint8Array, ack: (result: Everything) => void) => void> = true;
            export const binary: Equal<ShapesClientToServerEvents["binary"], (bytes: ArrayBuffer | Uint8Array, ack: (result: ArrayBuffer | Uint8Array | null) => void) => void> = true;
            export const notify: Equal<ShapesClientToServerEvents["notify"], (shape: Shape, count: number | null, note: string | null) => void> = true;
            export const ask: Equal<ShapesServerToClientEvents["ask"], (level: Level, ack: (result: Page<Item>) => void) => void> = true;
            export const pushed: Equal<ShapesServerToClientEvents["pushed"], (items: Record<string, Item>) => void> = true;

            // @ts-expect-error a required member is missing
            export const missing: Everything = {{Broken(o => o.Remove("plainText"))}};
            // @ts-expect-error a member under its C# name instead of its [JsonPropertyName]
            export const csharpName: Everything = {{Broken(o => { o.Remove("renamed_by_attribute"); o["Renamed"] = 7; })}};
            // @ts-expect-error an ignored member is never written
            export const ignored: Everything = {{Broken(o => o["hidden"] = "x")}};
            // @ts-expect-error null in a non-nullable member
            export const nullText: Everything = {{Broken(o => o["plainText"] = null)}};
            // @ts-expect-error a number enum written as a string
            export const levelName: Everything = {{Broken(o => o["numberEnum"] = "High")}};
            // @ts-expect-error a number enum with a value it does not have
            export const levelValue: Everything = {{Broken(o => o["numberEnum"] = 3)}};
            // @ts-expect-error a string enum written as a number
            export const moodNumber: Everything = {{Broken(o => o["stringEnum"] = 1)}};
            // @ts-expect-error a Guid is a string
            export const guidNumber: Everything = {{Broken(o => o["id"] = 1)}};
            // @ts-expect-error a DateTime is a string
            export const whenNumber: Everything = {{Broken(o => o["when"] = 1)}};
            // @ts-expect-error an array of numbers holds no strings
            export const numbers: Everything = {{Broken(o => o["numbers"] = new JsonArray("1"))}};
            // @ts-expect-error a dictionary's values keep their type
            export const counts: Everything = {{Broken(o => o["counts"] = new JsonObject { ["x"] = "1" })}};
            // @ts-expect-error a nested record keeps its members
            export const nested: Everything = {{Broken(o => o["nested"] = new JsonObject { ["name"] = "n" })}};
            // @ts-expect-error a closed generic keeps its type argument
            export const paged: Everything = {{Broken(o => o["paged"] = new JsonObject { ["items"] = new JsonArray(1), ["total"] = 1 })}};
            // @ts-expect-error a polymorphic value needs a known discriminator
            export const unknownKind: Shape = {"kind":"triangle","label":"t","radius":1};
            // @ts-expect-error a circle has no side
            export const wrongMembers: Shape = {"kind":"circle","label":"t","side":1};
            // @ts-expect-error a nested byte[] is base64 text, not binary
            export const base64: Everything = {{Broken(o => o["base64"] = new JsonArray(1, 2))}};
            """;

        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, "values.ts"), source);
        await File.WriteAllTextAsync(Path.Combine(_directory, "tsconfig.json"), """
            { "compilerOptions": { "strict": true, "noEmit": true, "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "types": [], "skipLibCheck": true }, "files": ["values.ts"] }
            """);

        var (exitCode, output, _) = await TypeScriptCompiler.CompileAsync(Path.GetRelativePath(RepositoryPaths.NodePeers, Path.Combine(_directory, "tsconfig.json")));
        Assert.True(exitCode == 0, output + "\n" + source);

        // The C# doc comments came along as TSDoc.
        var typings = await File.ReadAllTextAsync(Typings);
        Assert.Contains("/** A plain string, camelCased by the context's policy. */", typings, StringComparison.Ordinal);
        Assert.Contains("@param value - All the shapes.", typings, StringComparison.Ordinal);
        Assert.Contains("/** Its name. */", typings, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
