using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace TypedSockets.Analyzers.Tests;

/// <summary>
/// The user's path: pack TypedSockets into a local folder, install only that package in a fresh console project, and
/// build it. A valid hub gets its generated code; a broken one fails with our diagnostic and nothing else.
/// </summary>
[Collection(PackingCollection.Name)]
public sealed partial class PackageTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    private readonly string _root = Directory.CreateTempSubdirectory("typedsockets-package-").FullName;

    [Fact]
    public async Task A_fresh_project_gets_the_generator_and_the_analyzers_from_the_package()
    {
        var feed = Path.Combine(_root, "feed");
        var repository = FindRepository();
        // Its own artifacts folder: the repository's bin and obj, which running tests may be loading from, stay untouched.
        var pack = await RunAsync(repository, "pack", "src/Runtime/TypedSockets.csproj", "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(_root, "artifacts"), "-p:Version=0.0.1-e2e");
        Assert.True(pack.ExitCode == 0, pack.Output);
        var package = Path.Combine(feed, "TypedSockets.0.0.1-e2e.nupkg");
        Assert.True(File.Exists(package), pack.Output);
        var head = await RunProgramAsync("git", repository, "rev-parse", "HEAD");
        Assert.Equal($"""<repository type="git" commit="{head.Output.Trim()}" />""", RepositoryElement(package));

        // Packing the same commit again gives the same bytes.
        var again = await RunAsync(repository, "pack", "src/Runtime/TypedSockets.csproj", "-c", "Release", "-o", Path.Combine(_root, "feed-again"), "--artifacts-path", Path.Combine(_root, "artifacts"), "-p:Version=0.0.1-e2e");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Equal(await File.ReadAllBytesAsync(package), await File.ReadAllBytesAsync(Path.Combine(_root, "feed-again", "TypedSockets.0.0.1-e2e.nupkg")));

        // IntelliSense reads the XML documentation beside the assembly: both packages ship it, with the public types in it.
        AssertDocumented(package, "lib/net10.0/TypedSockets.xml", "T:TypedSockets.Hubs.Hub`1");
        var redisPack = await RunAsync(repository, "pack", "src/Redis/TypedSockets.Redis.csproj", "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(_root, "artifacts"), "-p:Version=0.0.1-e2e");
        Assert.True(redisPack.ExitCode == 0, redisPack.Output);
        AssertDocumented(Path.Combine(feed, "TypedSockets.Redis.0.0.1-e2e.nupkg"), "lib/net10.0/TypedSockets.Redis.xml", "T:Microsoft.Extensions.DependencyInjection.TypedSocketsRedisBuilderExtensions");
        var adminPack = await RunAsync(repository, "pack", "src/AdminUI/TypedSockets.AdminUI.csproj", "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(_root, "artifacts"), "-p:Version=0.0.1-e2e");
        Assert.True(adminPack.ExitCode == 0, adminPack.Output);
        var adminPackage = Path.Combine(feed, "TypedSockets.AdminUI.0.0.1-e2e.nupkg");
        AssertDocumented(adminPackage, "lib/net10.0/TypedSockets.AdminUI.xml", "T:Microsoft.Extensions.DependencyInjection.TypedSocketsAdminUIBuilderExtensions");
        // The embedded Admin UI page is MIT licensed by the Socket.IO team: the notice ships with it.
        using (var admin = ZipFile.OpenRead(adminPackage))
        {
            Assert.NotNull(admin.GetEntry("THIRD-PARTY-NOTICES.txt"));
        }

        var valid = CreateProject("Valid", feed, typeScriptOutput: "ClientApp/generated/", program: """
            using System.Threading.Tasks;
            using TypedSockets.Hubs;
            using TypedSockets.Hubs.Infrastructure;

            public interface IChatHub { Task<int> Add(int a, int b); Task<string?> Find(string key, int? limit = null); }
            public interface IChatClient { Task Notify(string text); }

            [Hub("/chat")]
            public sealed partial class ChatHub : Hub<IChatClient>, IChatHub
            {
                public Task<int> Add(int a, int b) => Task.FromResult(a + b);
                public Task<string?> Find(string key, int? limit = null) => Task.FromResult<string?>(null);
            }

            public static class Program
            {
                // The generator (warning-free: the project treats warnings as errors) made ChatHub a hub definition that MapHub can use without reflection.
                public static void Main() => System.Console.WriteLine(typeof(IHubDefinition).IsAssignableFrom(typeof(ChatHub)) ? "generated" : "missing");
            }
            """);
        var build = await RunAsync(valid, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        var run = await RunAsync(valid, "bin/Release/net10.0/Valid.dll");
        Assert.Equal("generated", run.Output.Trim());

        // TypedSocketsTypeScriptOutput: the package's task wrote the hub's socket.io-client typings.
        var typings = Path.Combine(valid, "ClientApp", "generated", "index.ts");
        Assert.True(File.Exists(typings), build.Output);
        var text = File.ReadAllText(typings);
        Assert.Contains("export const ChatNamespace = \"/chat\";", text, StringComparison.Ordinal);
        Assert.Contains("\"add\": (a: number, b: number, ack: (result: number) => void) => void;", text, StringComparison.Ordinal);
        Assert.Contains("\"notify\": (text: string) => void;", text, StringComparison.Ordinal);

        var broken = CreateProject("Broken", feed, """
            using System.Threading.Tasks;
            using TypedSockets.Hubs;

            public interface IChatHub { Task<int> Add(int a, int b); }
            public interface IChatClient { Task Notify(string text); }

            [Hub("/chat")]
            public sealed class ChatHub : Hub<IChatClient>, IChatHub
            {
                public Task<int> Add(int a, int b) => Task.FromResult(a + b);
            }

            public static class Program
            {
                public static void Main() { }
            }
            """);
        var failed = await RunAsync(broken, "build", "-c", "Release");
        Assert.NotEqual(0, failed.ExitCode);
        var errors = ErrorId().Matches(failed.Output).Select(static m => m.Groups["id"].Value).Distinct().ToList();
        Assert.True(errors.SequenceEqual(["TSK0008"]), failed.Output);

        // A generator failure (forced through the key TSK9000.md documents) fails the build with TSK9000 alone.
        var failing = CreateProject("Failing", feed, File.ReadAllText(Path.Combine(valid, "Program.cs")));
        File.WriteAllText(Path.Combine(failing, ".globalconfig"), "is_global = true\ntypedsockets.generator_test_failure = emit broke\n");
        var generatorFailed = await RunAsync(failing, "build", "-c", "Release");
        Assert.NotEqual(0, generatorFailed.ExitCode);
        errors = ErrorId().Matches(generatorFailed.Output).Select(static m => m.Groups["id"].Value).Distinct().ToList();
        Assert.True(errors.SequenceEqual(["TSK9000"]), generatorFailed.Output);
        Assert.Contains("The TypedSockets generator failed on 'ChatHub': InvalidOperationException: emit broke", generatorFailed.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string CreateProject(string name, string feed, string program, string? typeScriptOutput = null)
    {
        var directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TypedSocketsTypeScriptOutput>{{typeScriptOutput}}</TypedSocketsTypeScriptOutput>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TypedSockets" Version="0.0.1-e2e" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);

        // Adds the local feed to the sources the machine already has configured (NuGet merges the config files).
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="typedsockets-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        return directory;
    }

    private static void AssertDocumented(string package, string entryName, string memberId)
    {
        using var archive = ZipFile.OpenRead(package);
        var entry = archive.GetEntry(entryName);
        Assert.True(entry is not null, $"{Path.GetFileName(package)} has no {entryName}");
        using var reader = new StreamReader(entry.Open());
        var documentation = reader.ReadToEnd();
        Assert.Contains($"<member name=\"{memberId}\">", documentation);
    }

    private static string RepositoryElement(string package)
    {
        using var archive = ZipFile.OpenRead(package);
        using var nuspec = new StreamReader(archive.GetEntry("TypedSockets.nuspec")!.Open());
        return RepositoryLine().Match(nuspec.ReadToEnd()).Value;
    }

    private Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments) =>
        RunProgramAsync("dotnet", workingDirectory, arguments);

    private async Task<(int ExitCode, string Output)> RunProgramAsync(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A private package folder: the freshly packed TypedSockets is never confused with an earlier one.
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_root, "packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(StepTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
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

    [GeneratedRegex(@"(?:error|warning) (?<id>[A-Z]+\d+):")]
    private static partial Regex ErrorId();

    [GeneratedRegex("<repository [^>]*>")]
    private static partial Regex RepositoryLine();
}
