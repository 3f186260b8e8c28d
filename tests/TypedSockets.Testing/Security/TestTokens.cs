using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TypedSockets.Testing.Security;

/// <summary>
/// Real JWTs (HS256) minted in the test, as an identity provider would issue them: valid, expired, not yet valid, or
/// signed with another key. The server validates them with its own JwtBearer settings.
/// </summary>
public static class TestTokens
{
    /// <summary>samples/SeedTour's issuer and audience.</summary>
    public const string SeedTourIssuer = "seedtour";

    /// <summary>samples/SeedTour's development signing key (configuration <c>Auth:SigningKey</c> unset).</summary>
    public const string SeedTourKey = "seedtour-development-key-0123456789abcdef";

    /// <summary>A key no server trusts.</summary>
    public const string WrongKey = "not-the-key-of-this-server-0123456789abcdef";

    /// <summary>A token for <paramref name="name"/> with <paramref name="roles"/>, valid from <paramref name="notBefore"/> to <paramref name="expires"/>.</summary>
    public static string Mint(string key, string name, IEnumerable<string> roles, DateTime? notBefore = null, DateTime? expires = null, string issuer = SeedTourIssuer, string audience = SeedTourIssuer)
    {
        var now = DateTime.UtcNow;
        var claims = new List<Claim> { new("sub", name.ToLowerInvariant()), new("name", name) };
        foreach (var role in roles)
        {
            claims.Add(new Claim("role", role));
        }

        var from = notBefore ?? now.AddMinutes(-1);
        var until = expires ?? now.AddMinutes(10);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = from,
            IssuedAt = from < until ? from : until.AddMinutes(-1),
            Expires = until,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A valid SeedTour token.</summary>
    public static string SeedTour(string name, params string[] roles) => Mint(SeedTourKey, name, roles);
}
