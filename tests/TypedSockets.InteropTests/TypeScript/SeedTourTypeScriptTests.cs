using System.Text.RegularExpressions;
using TypedSockets.Tests.Samples;
using TypedSockets.Testing.Security;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.TypeScript;

/// <summary>
/// The typings the build writes for samples/SeedTour (ClientApp/generated) against tsc --strict and socket.io-client
/// 4.8: a client using every event of its three namespaces compiles and then runs against the server in Node; each file of
/// tests/node/typescript/misuse breaks the contract once and must fail with the error its first line names.
/// </summary>
[Collection(SeedTourCollection.Name)]
public sealed partial class SeedTourTypeScriptTests
{
    [Fact]
    public async Task A_client_typed_by_the_generated_declarations_compiles_and_runs_against_the_server()
    {
        var compiled = await TypeScriptCompiler.CompileAsync("typescript/seedtour/tsconfig.json");
        Assert.True(compiled.ExitCode == 0, compiled.Output);

        await using var server = await SampleProcess.StartAsync("SeedTour");
        var client = Path.Combine("typescript", "out", "tests", "node", "typescript", "seedtour", "client.js");
        var run = await ChildProcess.RunAsync("node", [client, server.BaseUrl, TestTokens.SeedTour("Root", "admin")], TimeSpan.FromSeconds(30), RepositoryPaths.NodePeers);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        foreach (var behaviour in new[] { "announcements", "stats", "event acked through a callback", "join", "join refused", "toRoom delivers some event", "add", "echoBinary", "leave", "stackabuse stats", "whoami", "adminOnly", "shout heard by the others", "done" })
        {
            Assert.Contains(behaviour == "done" ? "done" : "ok " + behaviour, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Each_misuse_of_the_contract_fails_tsc_with_its_error_on_its_line()
    {
        var directory = Path.Combine(RepositoryPaths.NodePeers, "typescript", "misuse");
        var files = Directory.GetFiles(directory, "*.ts").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 5, "the misuse files are missing");

        var (exitCode, output, errors) = await TypeScriptCompiler.CompileAsync("typescript/misuse/tsconfig.json");
        Assert.NotEqual(0, exitCode);
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            var expectation = Expectation().Match(lines[0]);
            Assert.True(expectation.Success, $"{Path.GetFileName(file)} does not start with '// expect: TSnnnn \"fragment\"...'");
            var misuseLine = Array.FindLastIndex(lines, static line => line.Trim().Length > 0) + 1;

            var ofFile = errors.Where(e => e.File.EndsWith("misuse/" + Path.GetFileName(file), StringComparison.Ordinal)).ToList();
            var error = Assert.Single(ofFile, e => e.Line == misuseLine && e.Code == expectation.Groups["code"].Value);
            foreach (Capture fragment in expectation.Groups["fragment"].Captures)
            {
                Assert.Contains(fragment.Value.Replace("\\\"", "\""), error.Message, StringComparison.Ordinal);
            }

            // Nothing else in the file is wrong: the error comes from the misuse, not from a broken import.
            Assert.All(ofFile, e => Assert.Equal(misuseLine, e.Line));
        }

        Assert.True(errors.All(e => e.File.Contains("misuse/", StringComparison.Ordinal)), output);
    }

    [GeneratedRegex("""^// expect: (?<code>TS\d+)(?: "(?<fragment>(?:[^"\\]|\\.)*)")+\s*\z""")]
    private static partial Regex Expectation();
}
