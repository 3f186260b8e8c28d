using System.Diagnostics;

namespace TypedSockets.Tests.EngineIO;

/// <summary>The official engine.io-client (Node) against our server with an echo handler.</summary>
public sealed class EngineClientInteropTests
{
    [Theory]
    [InlineData("polling", "polling")]
    [InlineData("websocket", "websocket")]
    [InlineData("upgrade", "websocket")]
    public async Task Engine_io_client_echoes_and_survives_heartbeats(string mode, string finalTransport)
    {
        await using var server = await EngineTestServer.StartAsync(options =>
        {
            // Short interval so two pings come quickly; a long timeout so a busy machine does not fail the client.
            options.PingInterval = TimeSpan.FromMilliseconds(200);
            options.PingTimeout = TimeSpan.FromMilliseconds(2000);
        });

        var (exitCode, output) = await RunNodeAsync("engineio/echo-client.mjs", server.BaseUri.GetLeftPart(UriPartial.Authority), mode);

        Assert.True(exitCode == 0, output);
        Assert.Contains("ok " + finalTransport, output, StringComparison.Ordinal);
        var record = Assert.Single(server.Handler.Sessions.Values);
        Assert.Equal("transport close", await record.WaitClosedAsync());
        Assert.False(record.Overlapped);
        var events = record.Events;
        Assert.Equal("open", events[0]);
        Assert.Equal("close:transport close", events[^1]);
        Assert.Equal(mode == "upgrade" ? 17 : 12, events.Length);
        Assert.Equal("binary:010203FF", events[2]);
        Assert.Equal(0, server.Server.SessionCount);
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = FindNodeFolder(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindNodeFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "node");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/node not found above " + AppContext.BaseDirectory);
    }
}
