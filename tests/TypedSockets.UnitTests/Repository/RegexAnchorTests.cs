using System.Text.RegularExpressions;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Repository;

/// <summary>
/// Every regular expression in src/ and samples/ that validates input anchors the end of input with <c>\z</c>:
/// in .NET, <c>$</c> also matches before a final newline, so <c>^[a-z]+$</c> accepts <c>"name\n"</c>.
/// </summary>
public sealed partial class RegexAnchorTests
{
    private static readonly string[] Folders = ["src", "samples"];

    [Fact]
    public void No_pattern_in_src_or_samples_anchors_with_a_dollar()
    {
        var offenders = new List<string>();
        var patterns = 0;
        foreach (var folder in Folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    continue;
                }

                var lineNumber = 0;
                foreach (var line in File.ReadLines(file))
                {
                    lineNumber++;
                    if (RegexConstruction().Match(line) is { Success: true } match)
                    {
                        patterns++;
                        if (EndsWithDollar(match.Groups["pattern"].Value))
                        {
                            offenders.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}:{lineNumber}: {line.Trim()}");
                        }
                    }
                }
            }
        }

        Assert.True(patterns > 0, "the scan found no regular expression at all; the pattern of this test is out of date");
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [Theory]
    [InlineData("^[a-z]+$", true)]
    [InlineData("^(a|b)$", true)]
    [InlineData("^[a-z]+\\z", false)]
    [InlineData("costs \\$", false)]
    public void The_check_tells_a_dollar_anchor_from_an_escaped_dollar(string pattern, bool offends) =>
        Assert.Equal(offends, EndsWithDollar(pattern));

    [Fact]
    public void Dollar_really_accepts_a_trailing_newline_and_z_does_not()
    {
        Assert.Matches(new Regex("^[a-z]+$"), "room\n");
        Assert.DoesNotMatch(new Regex("^[a-z]+\\z"), "room\n");
    }

    private static bool EndsWithDollar(string pattern)
    {
        if (!pattern.EndsWith('$'))
        {
            return false;
        }

        var backslashes = 0;
        for (var i = pattern.Length - 2; i >= 0 && pattern[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0;
    }

    // [GeneratedRegex(@"...")], new Regex(@"...") and the static Regex.IsMatch/Match(input, @"...") forms.
    [GeneratedRegex("""(?:GeneratedRegex\(|new\s+Regex\(|Regex\.(?:IsMatch|Match|Matches|Replace)\([^,]+,\s*)@?"(?<pattern>(?:[^"]|"")*)"|""")]
    private static partial Regex RegexConstruction();
}
