using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TypedSockets.Hubs;

namespace TypedSockets.Testing;

/// <summary>
/// The references an in-memory compilation of user code needs: the framework and ASP.NET Core assemblies this test
/// process runs on, and the TypedSockets runtime. Shared by the generator and analyzer test projects (linked file).
/// </summary>
internal static class RuntimeReferences
{
    public static ImmutableArray<MetadataReference> All { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = paths
            .Where(static p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll"
                || Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || Path.GetFileName(p).StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal))
            .Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(Hub<>).Assembly.Location));
        return [.. references];
    }
}
