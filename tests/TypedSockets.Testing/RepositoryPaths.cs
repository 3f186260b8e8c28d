using System.Reflection;

namespace TypedSockets.Tests.SocketIO;

/// <summary>Where the repository's samples and npm peers are, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodePeers => Path.Combine(Root, "tests", "node");

    /// <summary>The build of samples/<paramref name="name"/> of the same configuration as the tests (the test project references it, so it is built).</summary>
    public static string SampleDll(string name)
    {
        var configuration = typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        return Path.Combine(Root, "samples", name, "bin", configuration, "net10.0", name + ".dll");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TypedSockets.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("TypedSockets.sln not found above " + AppContext.BaseDirectory);
    }
}
