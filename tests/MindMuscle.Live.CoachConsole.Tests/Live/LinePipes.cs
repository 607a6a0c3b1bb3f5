using System.Text;
using System.Threading.Channels;

namespace MindMuscle.Live.CoachConsole.Tests.Live;

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

/// <summary>stdout for an in-process console: every line it writes, kept, for the test to await.</summary>
internal sealed class ChannelTextWriter : TextWriter
{
    private readonly StringBuilder _partial = new();
    private readonly List<string> _lines = [];
    private readonly HashSet<int> _returned = [];
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_partial)
        {
            if (value == '\n')
            {
                Add(_partial.ToString().TrimEnd('\r'));
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
        Add(buffer.ToString());
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The first line that satisfies <paramref name="match"/> and no earlier wait returned, within
    /// <paramref name="timeout"/>. Lines written before the wait count: the console's lines may come in either order
    /// when two things race (a cue's <c>spoken</c> update can beat the <c>cueSent</c> answer).
    /// </summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            while (true)
            {
                Task written;
                lock (_lines)
                {
                    for (var i = 0; i < _lines.Count; i++)
                    {
                        if (!_returned.Contains(i) && match(_lines[i]))
                        {
                            _returned.Add(i);
                            return _lines[i];
                        }
                    }

                    written = _written.Task;
                }

                await written.WaitAsync(cts.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No matching line within {timeout}.");
        }
    }

    private void Add(string line)
    {
        TaskCompletionSource written;
        lock (_lines)
        {
            _lines.Add(line);
            written = _written;
            _written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        written.TrySetResult();
    }
}
