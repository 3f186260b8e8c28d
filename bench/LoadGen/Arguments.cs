using System.Globalization;

namespace TypedSockets.Bench.LoadGen;

/// <summary><c>--name value</c> options and <c>--flag</c> switches after the verb.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> arguments)
    {
        string? pending = null;
        foreach (var argument in arguments)
        {
            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    _values[pending] = null;
                }

                pending = argument[2..];
            }
            else if (pending is not null)
            {
                _values[pending] = argument;
                pending = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{argument}'.");
            }
        }

        if (pending is not null)
        {
            _values[pending] = null;
        }
    }

    public bool Flag(string name) => _values.ContainsKey(name);

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Optional(name) ?? throw new ArgumentException($"--{name} is required.");

    public int? Int(string name) => Optional(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;

    public TimeSpan? Seconds(string name) => Optional(name) is { } value ? TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) : null;

    public IReadOnlyList<int>? IntList(string name) =>
        Optional(name) is { } value ? [.. value.Split(',').Select(item => int.Parse(item, CultureInfo.InvariantCulture))] : null;
}
