using System.Globalization;
using BenchmarkDotNet.Running;
using TypedSockets.Benchmarks.WebSockets;

if (args is ["profile", var operation, var size, var side, var seconds])
{
    return await ProfileLoop.RunAsync(operation, int.Parse(size, CultureInfo.InvariantCulture), side, double.Parse(seconds, CultureInfo.InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
