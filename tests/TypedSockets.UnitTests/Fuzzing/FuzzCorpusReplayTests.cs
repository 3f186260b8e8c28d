using TypedSockets.Fuzzing;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Fuzzing;

/// <summary>
/// Replays the committed fuzzing corpus (tests/fuzz/&lt;target&gt;/corpus: the seeds, the inputs the fuzzer kept for
/// new coverage, and every crash it found, minimised) through the same target code the fuzzer runs, so a parser
/// bug once found stays fixed. Each input must pass its target's invariants (docs/fuzzing.md).
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    private static string CorpusRoot => Path.Combine(RepositoryPaths.Root, "tests", "fuzz");

    public static TheoryData<string> Targets()
    {
        var data = new TheoryData<string>();
        foreach (var name in FuzzTargets.Names)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_corpus_input_passes_its_target(string target)
    {
        var run = FuzzTargets.Get(target);
        var files = Directory.GetFiles(Path.Combine(CorpusRoot, target, "corpus"));
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                run(File.ReadAllBytes(file));
            }
            catch (Exception exception)
            {
                failures.Add($"{Path.GetFileName(file)}: {exception.GetType().Name}: {exception.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_corpus_folder_is_a_target_with_a_dictionary()
    {
        var folders = Directory.GetDirectories(CorpusRoot).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(FuzzTargets.Names.Order().ToArray(), folders);
        foreach (var target in FuzzTargets.Names)
        {
            Assert.True(File.Exists(Path.Combine(CorpusRoot, target + ".dict")), $"no dictionary for {target}");
        }
    }
}
