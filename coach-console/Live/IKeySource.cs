namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>Key presses without blocking: the render loop polls it once per frame.</summary>
public interface IKeySource
{
    bool TryRead(out ConsoleKeyInfo key);
}

/// <summary>The real terminal's keyboard.</summary>
public sealed class ConsoleKeySource : IKeySource
{
    public bool TryRead(out ConsoleKeyInfo key)
    {
        if (!Console.IsInputRedirected && Console.KeyAvailable)
        {
            key = Console.ReadKey(intercept: true);
            return true;
        }

        key = default;
        return false;
    }
}
