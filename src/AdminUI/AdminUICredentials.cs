using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace TypedSockets.AdminUI;

/// <summary>
/// The one user name and password of the page, checked at each login: the user name, and a password given in clear, in
/// constant time over their SHA-256; a password given as a bcrypt hash, by bcrypt's own verification.
/// </summary>
internal sealed partial class AdminUICredentials
{
    /// <summary>The defaults of socket.io's admin examples, accepted in the Development environment only.</summary>
    internal const string DevelopmentDefault = "admin";

    private readonly byte[] _username;
    private readonly byte[]? _password;
    private readonly string? _passwordHash;

    private AdminUICredentials(string username, byte[]? password, string? passwordHash)
    {
        _username = SHA256.HashData(Encoding.UTF8.GetBytes(username));
        _password = password;
        _passwordHash = passwordHash;
    }

    /// <summary>Credentials whose password is given in clear.</summary>
    internal static AdminUICredentials WithPassword(string username, string password) =>
        new(username, SHA256.HashData(Encoding.UTF8.GetBytes(password)), passwordHash: null);

    /// <summary>Credentials whose password is given as a bcrypt hash (checked with <see cref="IsBcryptHash"/>).</summary>
    internal static AdminUICredentials WithPasswordHash(string username, string passwordHash) =>
        new(username, password: null, passwordHash);

    /// <summary>True for a bcrypt hash: <c>$2a$</c>, <c>$2b$</c> or <c>$2y$</c>, a two-digit cost of 04 to 31, 53 characters of bcrypt's base64.</summary>
    internal static bool IsBcryptHash(string value) => BcryptHash().IsMatch(value);

    internal bool Matches(string? username, string? password)
    {
        if (username is null || password is null)
        {
            return false;
        }

        // Both checked whatever the first gives, so the time says nothing about which one was wrong.
        var userMatches = CryptographicOperations.FixedTimeEquals(_username, SHA256.HashData(Encoding.UTF8.GetBytes(username)));
        var passwordMatches = _passwordHash is not null
            ? BCrypt.Net.BCrypt.Verify(password, _passwordHash)
            : CryptographicOperations.FixedTimeEquals(_password, SHA256.HashData(Encoding.UTF8.GetBytes(password)));
        return userMatches & passwordMatches;
    }

    [GeneratedRegex(@"\A\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}\z", RegexOptions.CultureInvariant)]
    private static partial Regex BcryptHash();
}
