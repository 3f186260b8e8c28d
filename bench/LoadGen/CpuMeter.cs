using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>CPU used by the generator and by the server over a window, each as a fraction of one core.</summary>
internal sealed class CpuMeter
{
    private readonly ServerProcess? _server;
    private readonly long _startedAt;
    private readonly TimeSpan _ownAtStart;
    private readonly TimeSpan _serverAtStart;

    public CpuMeter(ServerProcess? server)
    {
        _server = server;
        _ownAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _serverAtStart = ReadServer();
        _startedAt = Stopwatch.GetTimestamp();
    }

    public (double Generator, double Server) Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var own = (Process.GetCurrentProcess().TotalProcessorTime - _ownAtStart).TotalSeconds;
        var server = _server is null ? double.NaN : (ReadServer() - _serverAtStart).TotalSeconds;
        return (own / wall, server / wall);
    }

    private TimeSpan ReadServer()
    {
        try
        {
            return _server?.ReadCpuTime() ?? TimeSpan.Zero;
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }
}
