using SharpFuzz;
using TypedSockets.Fuzzing;

// Usage:
//   TypedSockets.Fuzzing <target>                 run under afl-fuzz (persistent mode; see tests/fuzz/run.sh)
//   TypedSockets.Fuzzing <target> <file|dir>...   replay inputs without AFL (reproduce a crash, check a corpus)
//   TypedSockets.Fuzzing --list                   print the target names
if (args.Length == 0 || args[0] == "--list")
{
    foreach (var name in FuzzTargets.Names)
    {
        Console.WriteLine(name);
    }

    return args.Length == 0 ? 2 : 0;
}

var target = FuzzTargets.Get(args[0]);
if (args.Length == 1)
{
    // Persistent mode: one process runs input after input; the buffer is reused, so reading costs no allocation.
    var buffer = new byte[1024 * 1024];
    Fuzzer.Run(stream =>
    {
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        target(buffer.AsSpan(0, length));
    });
    return 0;
}

var failures = 0;
foreach (var path in args.Skip(1).SelectMany(static p => Directory.Exists(p) ? Directory.GetFiles(p) : [p]))
{
    try
    {
        target(File.ReadAllBytes(path));
    }
    catch (Exception exception)
    {
        failures++;
        Console.Error.WriteLine($"{path}: {exception}");
    }
}

Console.WriteLine(failures == 0 ? "ok" : $"{failures} input(s) failed");
return failures == 0 ? 0 : 1;
