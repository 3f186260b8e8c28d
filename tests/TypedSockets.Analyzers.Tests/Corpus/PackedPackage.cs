using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedSockets.Analyzers.Tests.Corpus;

/// <summary>
/// TypedSockets packed once for a test class, the way a user installs it: the runtime from <c>lib/net10.0</c>, the
/// generator and analyzers from <c>analyzers/dotnet/cs</c> (loaded from the extracted package, in a load context of
/// their own, so their location is the package's), the diagnostics' documentation from <c>docs/diagnostics</c>.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("typedsockets-corpus-").FullName;

    public PackedPackage()
    {
        var repository = FindRepository();
        var feed = Path.Combine(_root, "feed");
        Run(repository, "pack", "src/Runtime/TypedSockets.csproj", "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(_root, "artifacts"), "-p:Version=0.0.1-corpus");
        Directory = Path.Combine(_root, "typedsockets", "0.0.1-corpus");
        ZipFile.ExtractToDirectory(Path.Combine(feed, "TypedSockets.0.0.1-corpus.nupkg"), Directory);

        var runtime = Path.Combine(Directory, "lib", "net10.0", "TypedSockets.dll");
        References = [.. FrameworkReferences(), MetadataReference.CreateFromFile(runtime)];

        var loader = new PackageLoader();
        var analyzers = new List<DiagnosticAnalyzer>();
        var generators = new List<ISourceGenerator>();
        foreach (var path in System.IO.Directory.GetFiles(Path.Combine(Directory, "analyzers", "dotnet", "cs"), "*.dll").Append(JsonSourceGenerator()))
        {
            var reference = new AnalyzerFileReference(path, loader);
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
            generators.AddRange(reference.GetGenerators(LanguageNames.CSharp));
        }

        Analyzers = [.. analyzers];
        Generators = [.. generators];
    }

    /// <summary>The extracted package (as in the NuGet packages folder: <c>typedsockets/{version}</c>).</summary>
    public string Directory { get; }

    public IReadOnlyList<MetadataReference> References { get; }

    public IReadOnlyList<DiagnosticAnalyzer> Analyzers { get; }

    public IReadOnlyList<ISourceGenerator> Generators { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // The analyzer assemblies stay loaded; the temporary folder goes with the machine's clean-up.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The framework and ASP.NET Core assemblies this process runs on (a web project's references).</summary>
    private static IEnumerable<MetadataReference> FrameworkReferences() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(static p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll"
                || Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || Path.GetFileName(p).StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal))
            .Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p));

    /// <summary>System.Text.Json's source generator, which the SDK gives every project (contexts are partial classes).</summary>
    private static string JsonSourceGenerator()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var version = new DirectoryInfo(runtimeDirectory).Name;
        var candidates = System.IO.Directory.GetFiles(Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref"), "System.Text.Json.SourceGeneration.dll", SearchOption.AllDirectories)
            .Where(static p => p.Contains(Path.DirectorySeparatorChar + "cs" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderByDescending(p => p.Contains(version, StringComparison.Ordinal))
            .ToList();
        return candidates.Count > 0 ? candidates[0] : throw new InvalidOperationException("System.Text.Json's source generator not found under " + dotnetRoot);
    }

    private static void Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet " + string.Join(' ', arguments));
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed:\n{output.Result}{error.Result}");
        }
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TypedSockets.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("TypedSockets.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Loads the package's analyzer assemblies from their files in a context of their own (the test project references
    /// the same assemblies from the repository); Roslyn itself comes from the default context, as in a compiler host.
    /// </summary>
    private sealed class PackageLoader : IAnalyzerAssemblyLoader
    {
        private readonly AssemblyLoadContext _context = new("typedsockets-package");

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => _context.LoadFromAssemblyPath(fullPath);
    }
}
