using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TypedSockets.Bench.LoadGen;

/// <summary>Waits until a freshly started server accepts TCP connections (the drivers start before it listens).</summary>
internal static class ListenerWait
{
    public static async Task<bool> UntilAcceptingAsync(IPEndPoint endpoint, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(endpoint);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }
}
