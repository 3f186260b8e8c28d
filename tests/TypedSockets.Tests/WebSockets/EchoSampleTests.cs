using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TypedSockets.Tests.WebSockets;

/// <summary>The contract of samples/Echo (docs/samples.md): run as its own process, driven by the npm ws client.</summary>
public sealed partial class EchoSampleTests
{
    [Fact]
    public async Task The_sample_echoes_every_message_at_slash_echo()
    {
        using var sample = StartSample();
        try
        {
            var port = await ReadListeningPortAsync(sample);
            await using var node = NodePeer.Start("ws-client-scenario.mjs", $"ws://127.0.0.1:{port}/echo", "1000");
            var (exitCode, output) = await node.WaitForExitAsync();
            Assert.True(exitCode == 0, output);
            using var results = JsonDocument.Parse(output);
            Assert.All(results.RootElement.GetProperty("echoes").EnumerateArray(), echo => Assert.True(echo.GetProperty("ok").GetBoolean()));
            Assert.True(results.RootElement.GetProperty("fragmented").GetBoolean());
            Assert.Equal(1000, results.RootElement.GetProperty("closeCode").GetInt32());
        }
        finally
        {
            sample.Kill(entireProcessTree: true);
            await sample.WaitForExitAsync();
        }
    }

    /// <summary>Starts the Echo sample built next to this test assembly (same configuration) on a free port.</summary>
    private static Process StartSample()
    {
        // .../tests/TypedSockets.Tests/bin/{Configuration}/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var sample = Path.Combine(NodePeer.NodeDirectory, "..", "..", "samples", "Echo", "bin", configuration, output.Name, "Echo.dll");
        Assert.True(File.Exists(sample), $"The Echo sample is not built at {sample}.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(sample);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        return Process.Start(start) ?? throw new InvalidOperationException("The Echo sample did not start.");
    }

    private static async Task<int> ReadListeningPortAsync(Process sample)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await sample.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = ListeningOn().Match(line);
            if (match.Success)
            {
                return int.Parse(match.Groups[1].Value);
            }
        }

        throw new InvalidOperationException("The Echo sample exited: " + await sample.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningOn();
}
