namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>Key presses without blocking: the render loop polls it once per frame.</summary>
internal interface IKeySource
{
    bool TryRead(out ConsoleKeyInfo key);
}

/// <summary>The real terminal's keyboard.</summary>
internal sealed class ConsoleKeySource : IKeySource
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
