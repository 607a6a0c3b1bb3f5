using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MindMuscle.Live.Hub.Auth;

/// <summary>
/// The token signing key and the coach key. Both are generated on first start and stored in the data folder so a
/// restarted hub still accepts the tokens it issued and the coach key it printed.
/// </summary>
internal sealed partial class HubKeys
{
    public const string CoachKeyEnvironmentVariable = "MML_COACH_KEY";
    public const string SigningKeyEnvironmentVariable = "MML_JWT_SIGNING_KEY";
    private const string SigningKeyFile = "jwt-signing.key";
    private const string CoachKeyFile = "coach.key";

    public HubKeys(IOptions<HubOptions> options, ILogger<HubKeys> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = options.Value.DataPath;
        Directory.CreateDirectory(data);
        var signing = options.Value.JwtSigningKey is { Length: > 0 } k ? k : Environment.GetEnvironmentVariable(SigningKeyEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(signing))
        {
            signing = ReadOrCreate(Path.Combine(data, SigningKeyFile), () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), out _);
        }

        try
        {
            SigningKey = Convert.FromBase64String(signing.Trim());
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"The JWT signing key (Hub:JwtSigningKey, {SigningKeyEnvironmentVariable} or {SigningKeyFile}) is not base64; generate one with: openssl rand -base64 64", ex);
        }

        if (SigningKey.Length < 32)
        {
            throw new InvalidOperationException($"The JWT signing key has {SigningKey.Length} bytes; HS256 needs at least 32 (openssl rand -base64 64)");
        }

        var configured = options.Value.CoachKey;
        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = Environment.GetEnvironmentVariable(CoachKeyEnvironmentVariable);
        }

        if (!string.IsNullOrWhiteSpace(configured))
        {
            CoachKey = configured.Trim();
            return;
        }

        var path = Path.Combine(data, CoachKeyFile);
        CoachKey = ReadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'), out var created);
        if (created)
        {
            // Printed once, on the console only (never into the structured log): whoever started the hub is the coach.
            Console.Out.WriteLine($"Generated coach key (stored in {Path.GetFullPath(path)}): {CoachKey}");
            Console.Out.WriteLine("Create a session with header 'X-Coach-Key: <key>', or pass --coach-key / MML_COACH_KEY to choose your own.");
            LogCoachKeyGenerated(logger, Path.GetFullPath(path));
        }
    }

    public byte[] SigningKey { get; }

    public string CoachKey { get; }

    /// <summary>Constant-time comparison so the key cannot be guessed byte by byte from response times.</summary>
    public bool IsCoachKey(string? candidate) =>
        candidate is not null
        && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(candidate), System.Text.Encoding.UTF8.GetBytes(CoachKey));

    private static string ReadOrCreate(string path, Func<string> create, out bool created)
    {
        if (File.Exists(path))
        {
            created = false;
            return File.ReadAllText(path).Trim();
        }

        var value = create();
        var temp = path + ".tmp";
        File.WriteAllText(temp, value);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: false);
        created = true;
        return value;
    }

    [LoggerMessage(701, LogLevel.Warning, "No coach key configured: generated one and stored it in {Path} (printed on the console)", EventName = "CoachKeyGenerated")]
    private static partial void LogCoachKeyGenerated(ILogger logger, string path);
}
