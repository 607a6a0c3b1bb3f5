using System.CommandLine;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary><c>--max-hr</c>, shared by <c>live</c> and <c>replay</c>: the max heart rate the zone colours are shares of.</summary>
internal static class MaxHeartRateOption
{
    public const int Default = 190;

    /// <summary>Beyond what any runner reaches: a typo here would colour every row zone 1 or zone 5.</summary>
    public const int Min = 100, Max = 250;

    public static Option<int> Create()
    {
        var option = new Option<int>("--max-hr") { Description = $"Max heart rate for the zone colours ({Min}–{Max}, default {Default})", DefaultValueFactory = _ => Default };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value is < Min or > Max)
            {
                result.AddError($"--max-hr must be {Min}–{Max} bpm, not {value}.");
            }
        });
        return option;
    }
}
