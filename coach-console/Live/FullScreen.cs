using Spectre.Console;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>Runs the dashboard on the terminal's alternate screen with the cursor hidden, and restores both after.</summary>
internal static class FullScreen
{
    public static async Task RunAsync(IAnsiConsole console, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(body);
        var ansi = console.Profile.Capabilities.Ansi && !Console.IsOutputRedirected;
        if (ansi)
        {
            console.Write(new ControlCode("\u001b[?1049h\u001b[H"));
            console.Cursor.Hide();
        }

        try
        {
            await body().ConfigureAwait(false);
        }
        finally
        {
            if (ansi)
            {
                console.Cursor.Show();
                console.Write(new ControlCode("\u001b[?1049l"));
            }
        }
    }
}
