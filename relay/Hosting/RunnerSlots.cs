using MindMuscle.Live.Relay.Cli;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Uplink;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>Gives every runner of the source its outbox slot and its uplink, and shows it on the status board.</summary>
internal sealed class RunnerSlots(
    RunOptions run, IOutbox outbox, RunnerUplinkFactory uplinks, CueStatusRouter router, StatusBoard board, RelayExit exit)
{
    /// <summary>The runners' uplinks, or null when the run cannot start (the exit says why).</summary>
    public async Task<IReadOnlyList<RunnerUplink>?> OpenAsync(IReadingSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var names = source.RunnerNames;
        if (names.Count == 0)
        {
            exit.Fail($"--source {run.Source} feeds no runners.");
            return null;
        }

        var runnerNames = names.Select(n => names.Count == 1 && !string.IsNullOrWhiteSpace(run.Name) ? run.Name : n).ToList();
        // Every slot is claimed before any uplink exists, so a refusal leaves nothing to undo.
        for (var index = 0; index < runnerNames.Count; index++)
        {
            if (!Claim(index, runnerNames[index]))
            {
                return null;
            }
        }

        var opened = new List<RunnerUplink>(runnerNames.Count);
        try
        {
            for (var index = 0; index < runnerNames.Count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var uplink = uplinks.Create(index);
                opened.Add(uplink);
                router.Register(uplink);
                board.AddRunner(runnerNames[index], uplink);
            }
        }
        catch
        {
            // The caller gets no list to dispose: close the uplinks built so far (connections, credentials) here.
            foreach (var uplink in opened)
            {
                await uplink.DisposeAsync();
            }

            throw;
        }

        return opened;
    }

    private bool Claim(int index, string name)
    {
        var identity = outbox.EnsureRunner(index, name);
        if (identity.JoinCode is not null && (identity.JoinCode != run.JoinCode || identity.HubUrl != run.Hub.ToString()))
        {
            // The data folder belongs to another session. Its unsent samples must not be lost or sent to the wrong one.
            try
            {
                outbox.ResetRunner(index);
                identity = outbox.GetIdentity(index)!;
            }
            catch (OutboxNotEmptyException ex)
            {
                exit.Fail($"{run.DataDirectory} holds {ex.Pending} unsent samples of runner {index} for session code "
                    + $"{identity.JoinCode} at {identity.HubUrl}: run with --join {identity.JoinCode} --hub {identity.HubUrl} "
                    + "to deliver them, or use another --data folder.");
                return false;
            }
        }

        if (identity.Name != name)
        {
            outbox.SaveIdentity(identity with { Name = name });
        }

        return true;
    }
}
