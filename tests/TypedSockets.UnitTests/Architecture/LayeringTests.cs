using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedSockets.Tests.Architecture;

/// <summary>
/// The runtime's layers point one way: WebSockets → EngineIO → SocketIO → Hubs, with Hosting on top (it may use
/// everything). Diagnostics (the meter and the activity source) is a leaf every layer may use. The client (Client/) shares the protocol code and never touches server types. A file's layer is its
/// folder under src/Runtime, not its namespace (Hosting/EngineEndpointRouteBuilderExtensions.cs declares its class in
/// TypedSockets.EngineIO, yet it is Hosting code). The runtime's sources are compiled here with Roslyn and every name
/// is bound: a name whose symbol is declared in a forbidden folder is a violation.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Layers nothing of the runtime's own may be used from: the foundation folders depend on no layer.</summary>
    private static readonly string[] ProtocolLayers = ["WebSockets", "EngineIO", "SocketIO", "Hubs", "Hosting", "Client"];

    /// <summary>For each folder, the folders its code must not use.</summary>
    private static readonly Dictionary<string, string[]> Forbidden = new(StringComparer.Ordinal)
    {
        ["Buffers"] = ProtocolLayers,
        ["Threading"] = ProtocolLayers,
        ["Options"] = ProtocolLayers,
        // The meter and the activity source: every layer reports to them, they know none of the layers.
        ["Diagnostics"] = ProtocolLayers,
        ["WebSockets"] = ["EngineIO", "SocketIO", "Hubs", "Hosting", "Client"],
        ["EngineIO"] = ["SocketIO", "Hubs", "Hosting", "Client"],
        ["SocketIO"] = ["Hubs", "Hosting", "Client"],
        ["Hubs"] = ["Hosting", "Client"],
        ["Hosting"] = [],
        // The client shares WebSockets, EngineIO's packet code and SocketIO/Protocol; the SocketIO server and the
        // hubs are checked type by type below.
        ["Client"] = ["Hosting", "Hubs", "SocketIO"],
    };

    /// <summary>
    /// The named exceptions to <see cref="Forbidden"/>, each with its reason. SocketIO/Protocol is shared with the client
    /// wholesale (see <see cref="FindViolations"/>); nothing of Hubs/ is (a generated typed client is emitted against
    /// SocketIOClient alone), so a client that starts to need a Hubs.Infrastructure type must be listed here.
    /// </summary>
    private static readonly ImmutableHashSet<(string From, string Type)> Allowed =
    [
        // The argument and packet encoding both roles share: wire data, no server state (no Socket, Namespace,
        // SocketIOServer, SocketIOConnection or BroadcastOperator).
        ("Client", "TypedSockets.SocketIO.EventArguments"),
        ("Client", "TypedSockets.SocketIO.WriteArguments<TState>"),
        ("Client", "TypedSockets.SocketIO.OutgoingPacket"),

        // Which encoding the wire uses (socket.io's parser option): chosen the same way by both roles.
        ("Client", "TypedSockets.SocketIO.SocketIOParser"),
    ];

    [Fact]
    public void Every_runtime_folder_uses_only_the_layers_below_it()
    {
        var root = FindRuntimeFolder();
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(static p => !IsBuildOutput(p))
            .Select(p => (Path: Path.GetRelativePath(root, p).Replace('\\', '/'), Text: File.ReadAllText(p)))
            .ToList();

        // Every source file sits in a folder the rules know: a new folder must be placed in the layering first.
        var unknown = files.Where(f => !Forbidden.ContainsKey(LayerOf(f.Path))).Select(static f => f.Path).ToList();
        Assert.Empty(unknown);

        var violations = FindViolations(files);

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_check_sees_every_kind_of_use_across_a_forbidden_boundary()
    {
        // A synthetic runtime: each use below crosses a boundary the rules forbid, in a different syntactic form.
        (string, string)[] files =
        [
            ("SocketIO/Namespace.cs", "namespace TypedSockets.SocketIO; public sealed class Namespace { public static void Touch() { } public sealed class Nested { } }"),
            ("SocketIO/Protocol/SocketIOPacket.cs", "namespace TypedSockets.SocketIO.Protocol; public sealed class SocketIOPacket { }"),
            ("Hubs/Hub.cs", "namespace TypedSockets.Hubs; public abstract class Hub { }"),
            ("Hosting/Extensions.cs", "namespace TypedSockets.EngineIO; public static class Extensions { public static void Map(this string s) { } }"),
            // Allowed: Hosting uses everything, the client shares the protocol folder.
            ("Hosting/Uses.cs", "namespace TypedSockets.Hosting; public sealed class Uses { TypedSockets.Hubs.Hub? h; TypedSockets.SocketIO.Namespace? n; }"),
            ("Client/Shared.cs", "using TypedSockets.SocketIO.Protocol; namespace TypedSockets.Client; public sealed class Shared { SocketIOPacket? p; }"),
            // Forbidden, one form each: a field type, a static call, a nested type, a base type, a namespace-mismatched extension.
            ("EngineIO/Field.cs", "namespace TypedSockets.EngineIO; public sealed class Field { TypedSockets.SocketIO.Namespace? n; }"),
            ("WebSockets/Call.cs", "namespace TypedSockets.WebSockets; public static class Call { public static void Run() => TypedSockets.SocketIO.Namespace.Touch(); }"),
            ("Client/NestedUse.cs", "using TypedSockets.SocketIO; namespace TypedSockets.Client; public sealed class NestedUse { Namespace.Nested? x; }"),
            ("SocketIO/Derived.cs", "namespace TypedSockets.SocketIO; public sealed class Derived : TypedSockets.Hubs.Hub { }"),
            ("EngineIO/Extension.cs", "namespace TypedSockets.EngineIO; public static class Extension { public static void Run() => \"x\".Map(); }"),
        ];

        var violations = FindViolations(files);

        Assert.Equal(
            ["Client/NestedUse.cs", "EngineIO/Extension.cs", "EngineIO/Field.cs", "SocketIO/Derived.cs", "WebSockets/Call.cs"],
            violations.Select(static v => v[..v.IndexOf(':', StringComparison.Ordinal)]).Distinct().Order(StringComparer.Ordinal));
    }

    private static List<string> FindViolations(IReadOnlyList<(string Path, string Text)> files)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, f.Path)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, parse, "ImplicitUsings.g.cs"));
        var compilation = CSharpCompilation.Create(
            "LayeringCheck",
            trees,
            FrameworkReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

        // The binding must be real: a name that does not resolve is a name the check cannot classify. The only errors
        // allowed are those of source generators that do not run here (LoggerMessage, configuration binding).
        var errors = compilation.GetDiagnostics()
            .Where(static d => d.Severity == DiagnosticSeverity.Error && d.Id is not "CS8795" and not "CS0757" and not "CS8796")
            .Select(static d => d.ToString())
            .ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));

        var violations = new List<string>();
        foreach (var tree in trees.Where(static t => t.FilePath != "ImplicitUsings.g.cs"))
        {
            var from = LayerOf(tree.FilePath);
            var forbidden = Forbidden[from];
            if (forbidden.Length == 0)
            {
                continue;
            }

            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(name).Symbol;
                if (DeclaringType(symbol) is not { } type || type.DeclaringSyntaxReferences.IsEmpty)
                {
                    continue;
                }

                var path = type.DeclaringSyntaxReferences.Select(static r => r.SyntaxTree.FilePath).Order(StringComparer.Ordinal).First();
                var to = LayerOf(path);
                if (!forbidden.Contains(to, StringComparer.Ordinal)
                    || (from == "Client" && path.StartsWith("SocketIO/Protocol/", StringComparison.Ordinal))
                    || Allowed.Contains((from, type.ToDisplayString())))
                {
                    continue;
                }

                var line = name.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                violations.Add($"{tree.FilePath}:{line}: {from} uses {type.ToDisplayString()} ({path})");
            }
        }

        return violations;
    }

    /// <summary>The type a bound name stands for or belongs to: its definition, outermost when nested.</summary>
    private static INamedTypeSymbol? DeclaringType(ISymbol? symbol)
    {
        var type = symbol switch
        {
            null or INamespaceSymbol => null,
            IMethodSymbol { ReducedFrom: { } extension } => extension.ContainingType,
            INamedTypeSymbol named => named.OriginalDefinition,
            _ => symbol.ContainingType?.OriginalDefinition,
        };
        return type;
    }

    private static string LayerOf(string relativePath) => relativePath.Split('/')[0];

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string FindRuntimeFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TypedSockets.sln")))
            {
                return Path.Combine(directory.FullName, "src", "Runtime");
            }
        }

        throw new InvalidOperationException("TypedSockets.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// The shared frameworks the runtime builds on (Microsoft.NETCore.App and Microsoft.AspNetCore.App, whole), and not
    /// the TypedSockets assembly: the runtime is compiled from source.
    /// </summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(static () =>
    {
        string[] frameworks =
        [
            Path.GetDirectoryName(typeof(object).Assembly.Location)!,
            Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Http.HttpContext).Assembly.Location)!,
        ];
        return
        [
            .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => frameworks.Contains(Path.GetDirectoryName(p), StringComparer.Ordinal))
                .Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p)),
        ];
    });

    /// <summary>The global usings ImplicitUsings gives an SDK web-less project (Directory.Build.props enables them).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
