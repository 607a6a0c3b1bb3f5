using System.Diagnostics;
using System.Text;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.RunnerKit.Speech;

namespace MindMuscle.Live.Relay.Speech;

/// <summary>
/// Speaks through the <c>espeak-ng</c> process: to the default audio sink (the runner's paired earbuds), or, with a
/// directory, into one WAV file per cue (<c>espeak-ng -w</c>) for tests and review.
/// </summary>
/// <remarks>The text goes as one argv entry (no shell), so a cue text cannot inject options or commands.</remarks>
internal sealed class EspeakSpeechOutput(string? wavDirectory = null, string executable = "espeak-ng") : ISpeechOutput
{
    public string Name => wavDirectory is null ? executable : $"wav:{wavDirectory}";

    /// <summary>The WAV file a cue is written to (wav mode).</summary>
    public string WavPathFor(CueMessage cue)
    {
        ArgumentNullException.ThrowIfNull(cue);
        var safe = new StringBuilder(cue.CueId.Length);
        foreach (var c in cue.CueId)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return Path.Combine(wavDirectory ?? ".", (safe.Length == 0 ? "cue" : safe.ToString()) + ".wav");
    }

    public async Task SpeakAsync(CueMessage cue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cue);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (wavDirectory is not null)
        {
            Directory.CreateDirectory(wavDirectory);
            start.ArgumentList.Add("-w");
            start.ArgumentList.Add(WavPathFor(cue));
        }

        // "--" ends options: a text starting with '-' is still spoken, not parsed.
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(cue.Text);
        using var process = Process.Start(start)
            ?? throw new SpeechOutputException($"{executable} could not be started.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new SpeechOutputException($"{executable} exited with {process.ExitCode}: {(await stderr).Trim()}");
        }
    }
}
