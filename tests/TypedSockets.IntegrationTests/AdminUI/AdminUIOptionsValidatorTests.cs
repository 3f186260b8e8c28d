using TypedSockets.AdminUI;

namespace TypedSockets.Tests.AdminUI;

/// <summary>The Admin UI's login settings: a user name with exactly one of a password and a bcrypt hash of one.</summary>
public sealed class AdminUIOptionsValidatorTests
{
    private const string Hash = "$2a$10$fIaWxHjWayOVqVDYUU6OaO6US28mSPXyxcR8kFD50wr/mHnU2mCka";

    public static TheoryData<string?, string?, string?, string?> Cases => new()
    {
        // username, password, hash, the failure expected (null: valid)
        { null, null, null, null },
        { "ops", "secret", null, null },
        { "ops", null, Hash, null },
        { "ops", null, "$2b$31$" + Hash[7..], null },
        { "ops", "secret", Hash, "AdminUI:Password and AdminUI:PasswordHash are alternatives" },
        { "ops", null, null, "are set together or not at all" },
        { null, null, Hash, "are set together or not at all" },
        { "ops", null, "$2b$10$short", "AdminUI:PasswordHash must be a bcrypt hash" },
        { "ops", null, "$2x$10$" + Hash[7..], "AdminUI:PasswordHash must be a bcrypt hash" },
        { "ops", null, "$2b$03$" + Hash[7..], "AdminUI:PasswordHash must be a bcrypt hash" },
        { "ops", null, Hash + "\n", "AdminUI:PasswordHash must be a bcrypt hash" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_login_settings_are_checked(string? username, string? password, string? hash, string? failure)
    {
        var options = new AdminUIOptions { Username = username, Password = password, PasswordHash = hash };

        var result = new AdminUIOptionsValidator("AdminUI").Validate(null, options);

        if (failure is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.True(result.Failed);
            Assert.Contains(failure, result.FailureMessage, StringComparison.Ordinal);
            Assert.DoesNotContain(Hash[7..], result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_hashed_password_logs_in_with_the_password_and_nothing_else()
    {
        var credentials = AdminUICredentials.WithPasswordHash("ops", BCrypt.Net.BCrypt.HashPassword("a long secret", 4));

        Assert.True(credentials.Matches("ops", "a long secret"));
        Assert.False(credentials.Matches("ops", "a long secreT"));
        Assert.False(credentials.Matches("opz", "a long secret"));
        Assert.False(credentials.Matches("ops", null));
    }
}
