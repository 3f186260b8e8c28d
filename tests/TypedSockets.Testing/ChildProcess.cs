namespace TypedSockets.Tests.Samples;

/// <summary>What a program run to its end printed, and how it exited.</summary>
internal sealed record ChildProcessResult(int ExitCode, string Output, string Error);

/// <summary>Runs an independent peer (node, python, a sample) to its end with its output captured.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/> and waits for it to exit. A run that
    /// outlives <paramref name="timeout"/> is killed and fails the test with everything it printed.
    /// </summary>
    public static async Task<ChildProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        await using var process = TypedSockets.Testing.RunningProcess.Start(fileName, arguments, workingDirectory);
        var output = await process.ReadToEndAsync(timeout);
        return new ChildProcessResult(process.ExitCode, output, process.Error);
    }
}
