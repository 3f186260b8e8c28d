namespace TypedSockets.Analyzers.Tests.Corpus;

/// <summary>
/// Every corpus contract compiled against the packed package: valid ones get no diagnostic at all (the generated code
/// is warning-free with nullable enabled, as TreatWarningsAsErrors needs), broken ones exactly their TSK diagnostics,
/// at their places, and nothing that follows from them.
/// </summary>
[Collection(PackingCollection.Name)]
public sealed class ContractCorpusTests : IClassFixture<PackedPackage>
{
    private readonly PackedPackage _package;

    public ContractCorpusTests(PackedPackage package) => _package = package;

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var entry in ContractCorpus.Valid().Concat(ContractCorpus.Broken()))
        {
            names.Add(entry.Name);
        }

        return names;
    }

    [Fact]
    public void The_corpus_holds_at_least_sixty_contracts_with_unique_names()
    {
        var all = ContractCorpus.Valid().Concat(ContractCorpus.Broken()).ToList();
        Assert.True(all.Count >= 60, $"{all.Count} contracts");
        Assert.Equal(all.Count, all.Select(static c => c.Name).Distinct().Count());
    }

    [Fact]
    public void Every_help_link_opens_the_page_shipped_in_the_package()
    {
        var descriptors = _package.Analyzers.SelectMany(static a => a.SupportedDiagnostics).Where(static d => d.Id.StartsWith("TSK", StringComparison.Ordinal)).ToList();
        Assert.Contains(descriptors, static d => d.Id == "TSK1005");

        foreach (var descriptor in descriptors)
        {
            var link = new Uri(descriptor.HelpLinkUri);
            Assert.True(link.IsFile, descriptor.Id + ": " + descriptor.HelpLinkUri);
            Assert.StartsWith(Path.Combine(_package.Directory, "docs", "diagnostics"), link.LocalPath, StringComparison.Ordinal);
            Assert.True(File.Exists(link.LocalPath), descriptor.Id + ": " + link.LocalPath);
            Assert.StartsWith("# " + descriptor.Id, File.ReadAllText(link.LocalPath), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Compiles_to_exactly_its_expected_diagnostics(string name)
    {
        var entry = ContractCorpus.Valid().Concat(ContractCorpus.Broken()).Single(c => c.Name == name);

        var (expected, actual) = CorpusCompiler.Run(_package, entry);

        Assert.Equal(expected, actual);
    }
}
