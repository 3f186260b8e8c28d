using System.Text.RegularExpressions;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Repository;

/// <summary>
/// The repository stands on its own: no source, script or document points a reader at a planning document or an
/// issue tracker entry that is not in it. What such a pointer would say belongs in the code's comment or in docs/.
/// </summary>
public sealed partial class SelfContainedTests
{
    private static readonly string[] Folders = ["src", "samples", "bench", "tests", "docs", ".ci"];

    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".md", ".csproj", ".props", ".targets", ".sh", ".mjs", ".js", ".py", ".json", ".html", "",
    };

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        "bin", "obj", "node_modules", "artifacts", "BenchmarkDotNet.Artifacts", "TestResults", ".git",
    };

    [Fact]
    public void No_file_points_at_a_document_outside_the_repository()
    {
        var offenders = new List<string>();
        foreach (var file in Files())
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (OutsideReference().IsMatch(line))
                {
                    offenders.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}:{lineNumber}: {line.Trim()}");
                }
            }
        }

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [Theory]
    [InlineData("/// See DESIGN §5.", true)]
    [InlineData("// the rule of DESIGN.md", true)]
    [InlineData("# notes in PROTOCOL-NOTES", true)]
    [InlineData("as STYLE.md says", true)]
    [InlineData("(issue 6)", true)]
    [InlineData("before the issue-6 changes", true)]
    [InlineData("read ../shared/seed", true)]
    [InlineData("<Compile Include=\"../Shared/RuntimeReferences.cs\" />", false)]
    [InlineData("RFC 6455 §5.2 forbids it", false)]
    [InlineData("the design of the router", false)]
    public void The_check_tells_a_pointer_from_ordinary_text(string line, bool isPointer) =>
        Assert.Equal(isPointer, OutsideReference().IsMatch(line));

    private static IEnumerable<string> Files()
    {
        yield return Path.Combine(RepositoryPaths.Root, "README.md");
        var pending = new Stack<string>(Folders.Select(folder => Path.Combine(RepositoryPaths.Root, folder)).Where(Directory.Exists));
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(child)))
                {
                    pending.Push(child);
                }
            }

            foreach (var file in Directory.EnumerateFiles(directory))
            {
                if (Extensions.Contains(Path.GetExtension(file)) && !file.EndsWith(nameof(SelfContainedTests) + ".cs", StringComparison.Ordinal))
                {
                    yield return file;
                }
            }
        }
    }

    // A planning document by name (with or without a section sign), the shared folder beside the repository, or an
    // issue number. RFC section signs are ordinary citations and do not match.
    [GeneratedRegex(@"\bDESIGN(\.md|\s*§)|PROTOCOL-NOTES|\bSTYLE\.md|(?-i:\.\./shared/)|\bissue[ -]\d", RegexOptions.IgnoreCase)]
    private static partial Regex OutsideReference();
}
