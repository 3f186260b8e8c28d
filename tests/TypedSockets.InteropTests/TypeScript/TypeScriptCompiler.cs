using TypedSockets.Tests.Samples;
using TypedSockets.Tests.SocketIO;
using System.Text.RegularExpressions;

namespace TypedSockets.Tests.TypeScript;

/// <summary>tsc from tests/node (exact version in its package-lock.json), run over a tsconfig; its errors parsed.</summary>
internal static partial class TypeScriptCompiler
{
    public static string Tsc => Path.Combine(RepositoryPaths.NodePeers, "node_modules", "typescript", "bin", "tsc");

    /// <summary>Runs <c>tsc -p <paramref name="project"/></c> (a path relative to tests/node).</summary>
    public static async Task<(int ExitCode, string Output, IReadOnlyList<TypeScriptError> Errors)> CompileAsync(string project)
    {
        var run = await ChildProcess.RunAsync("node", [Tsc, "-p", project, "--pretty", "false"], TimeSpan.FromSeconds(60), RepositoryPaths.NodePeers);
        var output = run.Output + run.Error;
        var errors = new List<TypeScriptError>();
        foreach (var line in output.Split('\n'))
        {
            if (ErrorLine().Match(line) is { Success: true } match)
            {
                errors.Add(new TypeScriptError(match.Groups["file"].Value.Replace('\\', '/'), int.Parse(match.Groups["line"].Value), match.Groups["code"].Value, match.Groups["message"].Value));
            }
            else if (errors.Count > 0 && line.StartsWith("  ", StringComparison.Ordinal))
            {
                // tsc's elaboration of the error above ("Property 'text' is missing ...").
                errors[^1] = errors[^1] with { Message = errors[^1].Message + "\n" + line.Trim() };
            }
        }

        return (run.ExitCode, output, errors);
    }

    [GeneratedRegex(@"^(?<file>[^\s(][^(]*)\((?<line>\d+),\d+\): error (?<code>TS\d+): (?<message>.*?)\r?\z")]
    private static partial Regex ErrorLine();
}

/// <summary>One tsc error: the file (as tsc names it), its 1-based line, the code and the message.</summary>
internal sealed record TypeScriptError(string File, int Line, string Code, string Message);
