using Microsoft.Extensions.Options;

namespace TypedSockets.AdminUI;

/// <summary>Refuses settings the Admin UI cannot run with, naming the configuration key.</summary>
internal sealed class AdminUIOptionsValidator(string section) : IValidateOptions<AdminUIOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminUIOptions options)
    {
        var prefix = section.Length == 0 ? string.Empty : section + ":";
        List<string>? failures = null;
        if (string.IsNullOrEmpty(options.Namespace) || options.Namespace[0] != '/' || options.Namespace.Contains(',') || options.Namespace == "/")
        {
            (failures ??= []).Add($"{prefix}Namespace must start with '/', name a namespace of its own and contain no comma (got '{options.Namespace}').");
        }

        if (options.PagePath is not { Length: >= 2 } page || page[0] != '/' || page[^1] == '/')
        {
            (failures ??= []).Add($"{prefix}PagePath must start with '/' and not end with one, such as '/admin' (got '{options.PagePath}').");
        }

        if (options.StatsInterval <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{prefix}StatsInterval must be positive (got {options.StatsInterval}).");
        }

        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{prefix}SessionLifetime must be positive (got {options.SessionLifetime}).");
        }

        var hasPassword = !string.IsNullOrEmpty(options.Password);
        var hasHash = !string.IsNullOrEmpty(options.PasswordHash);
        if (hasPassword && hasHash)
        {
            (failures ??= []).Add($"{prefix}Password and {prefix}PasswordHash are alternatives: set one of them.");
        }
        else if (string.IsNullOrEmpty(options.Username) == (hasPassword || hasHash))
        {
            (failures ??= []).Add($"{prefix}Username and {prefix}Password (or {prefix}PasswordHash) are set together or not at all.");
        }

        if (hasHash && !AdminUICredentials.IsBcryptHash(options.PasswordHash!))
        {
            // The hash is not echoed: it is a secret's stand-in, and this message may reach a log.
            (failures ??= []).Add($"{prefix}PasswordHash must be a bcrypt hash: $2a$, $2b$ or $2y$, a cost of 04 to 31, then 53 characters of bcrypt's base64.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
