using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace SeedTour;

/// <summary>
/// The JWT settings of <c>/private</c>: HS256 tokens with issuer and audience <c>seedtour</c>, signed with the UTF-8
/// bytes of configuration <c>Auth:SigningKey</c>. The default key is for development only: set your own.
/// </summary>
internal static class PrivateAuthentication
{
    public const string Issuer = "seedtour";
    public const string Audience = "seedtour";
    public const string DevelopmentSigningKey = "seedtour-development-key-0123456789abcdef";

    public static void AddPrivateAuthentication(this WebApplicationBuilder builder)
    {
        var key = builder.Configuration["Auth:SigningKey"] is { Length: > 0 } configured ? configured : DevelopmentSigningKey;
        builder.Services.AddAuthorization();
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                // Claims keep their JWT names ("sub", "name", "role"), as the tokens carry them.
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = Issuer,
                    ValidAudience = Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.Zero,
                    NameClaimType = "name",
                    RoleClaimType = "role",
                };
            });
    }
}
