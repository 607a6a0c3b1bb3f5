using System.Text;
using System.Threading.Channels;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

/// <summary>stdin for an in-process console: lines the test writes, read with ReadLineAsync.</summary>
internal sealed class ChannelTextReader : TextReader
{
    private readonly Channel<string?> _lines = Channel.CreateUnbounded<string?>();

    public void WriteLine(string line) => _lines.Writer.TryWrite(line);

    public void Close(bool endOfInput) => _lines.Writer.TryComplete();

    public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _lines.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public override string? ReadLine() => throw new NotSupportedException("read asynchronously");
}

/// <summary>stdout for an in-process console: every line it writes, for the test to await.</summary>
internal sealed class ChannelTextWriter : TextWriter
{
    private readonly StringBuilder _partial = new();

    public Channel<string> Lines { get; } = Channel.CreateUnbounded<string>();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_partial)
        {
            if (value == '\n')
            {
                Lines.Writer.TryWrite(_partial.ToString().TrimEnd('\r'));
                _partial.Clear();
            }
            else
            {
                _partial.Append(value);
            }
        }
    }

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Lines.Writer.TryWrite(buffer.ToString());
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The next line that satisfies <paramref name="match"/>, within <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var line = await Lines.Reader.ReadAsync(cts.Token);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No matching line within {timeout}.");
        }
    }
}
