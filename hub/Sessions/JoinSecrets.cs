using System.Security.Cryptography;
using System.Text;

namespace MindMuscle.Live.Hub.Sessions;

/// <summary>Join codes, ids and rejoin secrets: random, and compared in constant time.</summary>
internal static class JoinSecrets
{
    /// <summary>No look-alikes (0/O, 1/I/L): codes are read out loud at the track and typed on phones.</summary>
    private const string JoinAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int JoinCodeLength = 8;

    public static string NormalizeJoinCode(string code) =>
        new(code.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());

    public static string NewJoinCode()
    {
        var chars = new char[JoinCodeLength];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = JoinAlphabet[RandomNumberGenerator.GetInt32(JoinAlphabet.Length)];
        }

        return new string(chars);
    }

    public static string NewId(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

    /// <summary>A new rejoin secret (shown once) and its hash (the only thing stored).</summary>
    public static (string Secret, string Hash) NewRejoinSecret()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (secret, Hash(secret));
    }

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="hash"/> (constant time).</summary>
    public static bool Verify(string hash, string? secret) =>
        secret is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(hash));

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
