using System.Text.Json;
using TypedSockets.Testing;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// A node scenario of tests/node the test talks to while it runs: it reads the JSON lines as they come and writes
/// lines to the script's stdin (so the test can kill a server or stop Redis between two steps of the clients).
/// </summary>
internal sealed class NodeSession : IAsyncDisposable
{
    private readonly RunningProcess _process;
    private readonly List<string> _seen = [];
    private readonly List<JsonElement> _lines = [];

    private NodeSession(RunningProcess process)
    {
        _process = process;
    }

    public static NodeSession Start(string script, params string[] arguments) =>
        new(RunningProcess.Start("node", [script, .. arguments], RepositoryPaths.NodePeers, redirectInput: true));

    /// <summary>Every line read so far.</summary>
    public IReadOnlyList<JsonElement> Lines => _lines;

    /// <summary>Reads lines until one of <paramref name="kind"/>; a line with an error fails the test.</summary>
    public Task<JsonElement> ReadAsync(string kind, TimeSpan timeout) =>
        ReadAsync(e => e.GetProperty("kind").GetString() == kind, kind, timeout);

    /// <summary>Reads lines until one that <paramref name="match"/>es (<paramref name="what"/> names it in a failure).</summary>
    public async Task<JsonElement> ReadAsync(Func<JsonElement, bool> match, string what, TimeSpan timeout)
    {
        var kind = what;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            string? line;
            try
            {
                line = await _process.ReadLineAsync(TimeSpan.FromTicks(Math.Max(0, (deadline - DateTime.UtcNow).Ticks)));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"no \"{kind}\" line within {timeout}:\n{string.Join('\n', _seen)}");
            }
            catch (InvalidOperationException)
            {
                line = null;
            }

            Assert.True(line is not null, $"the scenario ended before \"{kind}\":\n{string.Join('\n', _seen)}");
            _seen.Add(line!);
            var element = JsonDocument.Parse(line!).RootElement.Clone();
            Assert.False(element.TryGetProperty("error", out _), "scenario failed:\n" + string.Join('\n', _seen));
            _lines.Add(element);
            if (match(element))
            {
                return element;
            }
        }
    }

    /// <summary>Closes the script's stdin (scripts that run until then end).</summary>
    public void EndInput() => _process.StandardInput.Close();

    public async Task ContinueAsync()
    {
        await _process.StandardInput.WriteLineAsync();
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Writes one line (a command) to the script's stdin.</summary>
    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Kills the script at once (SIGKILL: its sockets close without a goodbye).</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
