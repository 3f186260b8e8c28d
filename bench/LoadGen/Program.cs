// The end-to-end load generator (the benchmark contract: docs/samples.md). Verbs:
//   run     drive one server through the scenarios (see RunCommand.Usage)
//   report  turn the JSON lines of a whole run into the README's table
//   free-port  print a TCP port on 127.0.0.1 that is free right now
using System.Net;
using System.Net.Sockets;
using TypedSockets.Bench.LoadGen;

var usage = $"usage:\n  {RunCommand.Usage}\n  {ReportCommand.Usage}\n  free-port";
if (args.Length == 0)
{
    Console.Error.WriteLine(usage);
    return 2;
}

try
{
    var arguments = new Arguments(args.Skip(1));
    switch (args[0])
    {
        case "run":
            return await RunCommand.RunAsync(arguments);
        case "report":
            return await ReportCommand.RunAsync(arguments);
        case "free-port":
            using (var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                Console.WriteLine(((IPEndPoint)listener.LocalEndPoint!).Port);
            }

            return 0;
        default:
            Console.Error.WriteLine($"Unknown verb '{args[0]}'.");
            return 2;
    }
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"{exception.Message}\n{usage}");
    return 2;
}
