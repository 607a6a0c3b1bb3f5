using System.Runtime.CompilerServices;

namespace MindMuscle.Live.RunnerKit;

/// <summary>Range checks for options whose message names the setting and the range it must lie in.</summary>
internal static class OptionRange
{
    public static void Check(TimeSpan value, TimeSpan min, TimeSpan max, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
        }
    }
}
