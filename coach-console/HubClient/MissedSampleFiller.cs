using System.Text.Json;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>
/// Remembers, per runner, the highest seq the console has been handed, and reads back from the recording what the live
/// feed skipped: the gap of a reconnect (after the resync snapshot) and holes in the seqs of frames (a lagging console
/// whose frames the hub coalesced). Each read-back is handed on as a <see cref="GapFilled"/> event. Without a recording
/// it only remembers.
/// </summary>
internal sealed class MissedSampleFiller(
    string sessionId, IRecordedSamples? recording, TimeSpan fillWindow, TimeProvider time, Func<LiveEvent, Task> emit,
    CancellationToken lifetime)
{
    /// <summary>
    /// How long after a jump in a runner's seqs the skipped ones are read back: the hub fans a batch out before its
    /// commit, so the read waits for the commit (milliseconds; a second leaves room for a busy hub).
    /// </summary>
    public static TimeSpan HoleFillDelay { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Per runner, the highest seq this console has been handed (frames or snapshot) and that sample's time.</summary>
    private readonly Dictionary<string, (long Seq, long ObservedAt)> _seen = new(StringComparer.Ordinal);

    /// <summary>Per runner, the seqs skipped in the live feed since the last hole fill (merged into one range).</summary>
    private readonly Dictionary<string, (long From, long To, long FromObservedAt)> _holes = new(StringComparer.Ordinal);

    /// <summary>Guards the two maps, the schedule flag and the chain of fills.</summary>
    private readonly Lock _gate = new();
    private bool _holeFillScheduled;
    private Task _filling = Task.CompletedTask;

    /// <summary>Completes when the fills started so far have been handed on (tests; shutdown does not wait).</summary>
    public Task Filling
    {
        get
        {
            lock (_gate)
            {
                return _filling;
            }
        }
    }

    /// <summary>A copy of what was seen so far, taken before a resync so the gap can be measured against it.</summary>
    public Dictionary<string, (long Seq, long ObservedAt)> SeenSoFar()
    {
        lock (_gate)
        {
            return new Dictionary<string, (long Seq, long ObservedAt)>(_seen, StringComparer.Ordinal);
        }
    }

    public void Note(SamplesFrame frame)
    {
        lock (_gate)
        {
            foreach (var group in frame.Runners)
            {
                foreach (var sample in group.Samples)
                {
                    if (recording is not null && _seen.TryGetValue(group.RunnerId, out var seen) && seen.Seq > 0 && sample.Seq > seen.Seq + 1)
                    {
                        _holes[group.RunnerId] = _holes.TryGetValue(group.RunnerId, out var h)
                            ? (Math.Min(h.From, seen.Seq + 1), Math.Max(h.To, sample.Seq - 1), Math.Min(h.FromObservedAt, seen.ObservedAt))
                            : (seen.Seq + 1, sample.Seq - 1, seen.ObservedAt);
                    }

                    Note(group.RunnerId, sample.Seq, sample.ObservedAt);
                }
            }

            if (_holes.Count > 0 && !_holeFillScheduled && recording is not null)
            {
                // At most one read per runner per HoleFillDelay, however many frames skip: a lagging console is not
                // made slower by its own repairs.
                _holeFillScheduled = true;
                _filling = FillHolesAfterAsync(_filling, recording);
            }
        }
    }

    public void Note(SessionSnapshot snapshot)
    {
        lock (_gate)
        {
            foreach (var runner in snapshot.Runners)
            {
                Note(runner.RunnerId, runner.LastSeq, runner.Latest?.ObservedAt ?? 0);
            }
        }
    }

    /// <summary>Reads back, per runner, what arrived at the hub between <paramref name="seenBefore"/> and the snapshot.</summary>
    public void FillGapsAfterResync(SessionSnapshot snapshot, Dictionary<string, (long Seq, long ObservedAt)> seenBefore)
    {
        if (recording is null)
        {
            return;
        }

        // Off the reconnect callback, one fill after the other: live frames keep flowing while the gap is read.
        lock (_gate)
        {
            _filling = FillGapsAfterAsync(_filling, snapshot, seenBefore, recording);
        }
    }

    private async Task FillGapsAfterAsync(Task previous, SessionSnapshot snapshot, Dictionary<string, (long Seq, long ObservedAt)> seenBefore,
        IRecordedSamples recorded)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        foreach (var runner in snapshot.Runners)
        {
            var seen = seenBefore.GetValueOrDefault(runner.RunnerId);
            if (runner.LastSeq <= seen.Seq || lifetime.IsCancellationRequested)
            {
                continue;
            }

            // Only what the console would draw: from the last sample it saw, at most the window back from the newest.
            var windowStart = (runner.Latest?.ObservedAt ?? snapshot.HubTime) - (long)fillWindow.TotalMilliseconds;
            var from = seen.Seq > 0 ? Math.Max(seen.ObservedAt, windowStart) : windowStart;
            if (await ReadBackAsync(recorded, runner.RunnerId, seen.Seq + 1, runner.LastSeq, from, GapCause.Resync).ConfigureAwait(false) is { } filled)
            {
                await emit(filled).ConfigureAwait(false);
            }
        }
    }

    private async Task FillHolesAfterAsync(Task previous, IRecordedSamples recorded)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        try
        {
            await Task.Delay(HoleFillDelay, time, lifetime).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        KeyValuePair<string, (long From, long To, long FromObservedAt)>[] holes;
        lock (_gate)
        {
            holes = [.. _holes];
            _holes.Clear();
            _holeFillScheduled = false;
        }

        foreach (var (runnerId, hole) in holes)
        {
            if (await ReadBackAsync(recorded, runnerId, hole.From, hole.To, hole.FromObservedAt, GapCause.SeqJump).ConfigureAwait(false) is { } filled)
            {
                await emit(filled).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Seqs <paramref name="fromSeq"/>..<paramref name="toSeq"/> of one runner from the recording; null when shutting down.</summary>
    private async Task<GapFilled?> ReadBackAsync(IRecordedSamples recorded, string runnerId, long fromSeq, long toSeq, long fromObservedAt,
        GapCause cause)
    {
        try
        {
            var samples = await recorded.GetSamplesAsync(sessionId, runnerId, fromObservedAt, lifetime).ConfigureAwait(false);
            return new GapFilled(runnerId, fromSeq, toSeq, [.. samples.Where(s => s.Seq >= fromSeq && s.Seq <= toSeq)], Cause: cause);
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or HubApiException or JsonException or IOException or OperationCanceledException)
        {
            return new GapFilled(runnerId, fromSeq, toSeq, [],
                $"could not read the missed samples back ({ex.Message}); they are recorded: open the session review to see them", cause);
        }
    }

    private void Note(string runnerId, long seq, long observedAt)
    {
        if (!_seen.TryGetValue(runnerId, out var seen) || seq > seen.Seq)
        {
            _seen[runnerId] = (seq, observedAt);
        }
    }
}
