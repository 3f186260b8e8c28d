using System.Diagnostics;

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
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException(fileName + " did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}:\n{await output}\n{await error}");
        }

        return new ChildProcessResult(process.ExitCode, await output, await error);
    }
}
