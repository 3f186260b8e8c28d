using System.Globalization;
using BenchmarkDotNet.Running;
using TypedSockets.Benchmarks.WebSockets;

if (args is ["profile", var operation, var size, var side, var seconds])
{
    return await ProfileLoop.RunAsync(operation, int.Parse(size, CultureInfo.InvariantCulture), side, double.Parse(seconds, CultureInfo.InvariantCulture));
}

if (args is ["profile-fanout", var recipients, var ticks, var fanOutSeconds])
{
    return await TypedSockets.Benchmarks.SocketIO.FanOutProfileLoop.RunAsync(int.Parse(recipients, CultureInfo.InvariantCulture), int.Parse(ticks, CultureInfo.InvariantCulture), double.Parse(fanOutSeconds, CultureInfo.InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
