using System.Security.Cryptography;
using System.Text;

namespace TypedSockets.AdminUI;

/// <summary>The one user name and password of the page, compared in constant time (over their SHA-256) at each login.</summary>
internal sealed class AdminUICredentials
{
    /// <summary>The defaults of socket.io's admin examples, accepted in the Development environment only.</summary>
    internal const string DevelopmentDefault = "admin";

    private readonly byte[] _username;
    private readonly byte[] _password;

    internal AdminUICredentials(string username, string password)
    {
        _username = SHA256.HashData(Encoding.UTF8.GetBytes(username));
        _password = SHA256.HashData(Encoding.UTF8.GetBytes(password));
    }

    internal bool Matches(string? username, string? password)
    {
        if (username is null || password is null)
        {
            return false;
        }

        // Both compared whatever the first gives, so the time says nothing about which one was wrong.
        var userMatches = CryptographicOperations.FixedTimeEquals(_username, SHA256.HashData(Encoding.UTF8.GetBytes(username)));
        var passwordMatches = CryptographicOperations.FixedTimeEquals(_password, SHA256.HashData(Encoding.UTF8.GetBytes(password)));
        return userMatches & passwordMatches;
    }
}
