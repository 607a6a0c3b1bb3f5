namespace MindMuscle.Live.Web.Review.Timeline;

/// <summary>
/// The timeline's playhead: where it is in [<see cref="From"/>, <see cref="To"/>], whether it plays and how fast. While
/// playing it advances on a timer by the elapsed time times <see cref="Speed"/> and stops at the end.
/// </summary>
public sealed class ReviewPlayback(TimeProvider time) : IDisposable
{
    /// <summary>The speeds offered.</summary>
    public static readonly IReadOnlyList<int> Speeds = [1, 2, 4, 8, 16, 32];

    /// <summary>How often a playing timeline moves (the tiles follow as fast as the hub answers, see the page).</summary>
    public static readonly TimeSpan TickEvery = TimeSpan.FromMilliseconds(100);

    private ITimer? _timer;
    private long _lastTick;

    /// <summary>After every move (a tick, a seek, play or pause); on the timer's thread while playing.</summary>
    public event Action? Moved;

    public long From { get; private set; }

    public long To { get; private set; }

    public long Position { get; private set; }

    public bool Playing => _timer is not null;

    public int Speed { get; private set; } = 1;

    public void SetRange(long from, long to)
    {
        From = from;
        To = Math.Max(from, to);
        Position = Math.Clamp(Position, From, To);
    }

    public void Seek(long at)
    {
        Position = Math.Clamp(at, From, To);
        Moved?.Invoke();
    }

    public void SetSpeed(int speed)
    {
        if (!Speeds.Contains(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Speed is one of 1, 2, 4, 8, 16 or 32");
        }

        Speed = speed;
    }

    public void Toggle()
    {
        if (Playing)
        {
            Pause();
        }
        else
        {
            Play();
        }
    }

    public void Play()
    {
        if (Playing)
        {
            return;
        }

        if (Position >= To)
        {
            // Play at the end starts over, as media players do.
            Position = From;
        }

        _lastTick = time.GetTimestamp();
        _timer = time.CreateTimer(_ => Tick(), null, TickEvery, TickEvery);
        Moved?.Invoke();
    }

    public void Pause()
    {
        _timer?.Dispose();
        _timer = null;
        Moved?.Invoke();
    }

    private void Tick()
    {
        if (!Playing)
        {
            return;
        }

        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(_lastTick, now);
        _lastTick = now;
        Position = Math.Min(To, Position + (long)(elapsed.TotalMilliseconds * Speed));
        if (Position >= To)
        {
            Pause();
            return;
        }

        Moved?.Invoke();
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
