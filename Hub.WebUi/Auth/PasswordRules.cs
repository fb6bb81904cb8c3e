namespace Hub.WebUi.Auth;

/// <summary>What a new password must be: at least 10 characters and not one of the commonly used ones (NIST SP 800-63B §5.1.1.2).</summary>
public static class PasswordRules
{
    public const int MinimumLength = 10;
    public const int MaximumLength = 256;

    // The most common passwords of 10 characters or more in the public breach lists, plus the obvious ones for this device.
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "1234567890", "0123456789", "12345678910", "123456789a", "a123456789", "1q2w3e4r5t", "1qaz2wsx3edc", "qwertyuiop",
        "qwertyuiop123", "1234qwerty", "qwerty1234", "qwerty12345", "qwerty123456", "password12", "password123",
        "password1234", "password12345", "passw0rd123", "iloveyou12", "iloveyou123", "abcdefghij", "abc1234567",
        "abcd123456", "1111111111", "0000000000", "9876543210", "1234512345", "12341234", "asdfghjkl1", "asdfghjkl123",
        "zxcvbnm123", "zaq12wsxcde3", "letmein123", "welcome123", "welcome1234", "administrator", "admin12345",
        "admin123456", "changeme123", "changemenow", "change-me-now", "smartmeter", "smartmeter1", "smartmeter123",
        "raspberrypi", "raspberry123", "homeassistant", "football123", "baseball123", "sunshine123", "princess123",
        "dragon12345", "monkey12345", "superman123", "trustno1234", "starwars123", "michael123", "jennifer123",
        "computer123", "internet123", "whatever123", "qazwsxedcrfv", "1q2w3e4r5t6y", "q1w2e3r4t5y6", "aaaaaaaaaa",
        "passwordpassword", "1122334455", "1234567890a", "1234567890q", "myspace123", "liverpool123", "chelsea123",
    };

    /// <summary>Null when the password is acceptable, else what is wrong with it, in words.</summary>
    public static string? Check(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            return $"password: must be at least {MinimumLength} characters long.";
        }

        if (password.Length > MaximumLength)
        {
            return $"password: must be at most {MaximumLength} characters long.";
        }

        if (Common.Contains(password) || password.Distinct().Count() <= 2)
        {
            return "password: is one of the most commonly used passwords; choose another.";
        }

        return null;
    }
}
