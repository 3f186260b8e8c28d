// The client-load driver: the typed C# client and SignalR's .NET client, each the real library, under load.
// Verbs:
//   run     drive one server with N connections × K calls in flight of one client library (see RunCommand.Usage)
//   report  turn the JSON lines of a whole run into the README's client-bench section
using TypedSockets.Bench.ClientLoad;
using TypedSockets.Bench.LoadGen;

var usage = $"usage:\n  {RunCommand.Usage}\n  {ReportCommand.Usage}";
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
