using MindMuscle.Live.Core.Fit;

namespace MindMuscle.Live.Hub.Import;

/// <summary>An uploaded FIT or TCX file read into records, or why it cannot be imported (a reason code and a message saying what to do).</summary>
internal static class ActivityUpload
{
    public const string FitContentType = "application/vnd.ant.fit";
    public const string TcxContentType = "application/vnd.garmin.tcx+xml";

    public static (IReadOnlyList<FitRecord>? Records, string? Reason, string? Detail) Read(string mediaType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        IReadOnlyList<FitRecord> records;
        bool running;
        if (mediaType == FitContentType)
        {
            if (!FitReader.TryRead(body, out var fit, out var error))
            {
                var reason = error.Kind switch
                {
                    FitReadErrorKind.NotFit => "notFit",
                    FitReadErrorKind.HeaderCrc or FitReadErrorKind.FileCrc => "badCrc",
                    FitReadErrorKind.Truncated => "truncated",
                    _ => "malformed",
                };
                return (null, reason, $"{error.Message}. Export the activity from the watch (or Garmin Connect) as an original FIT file and upload it again.");
            }

            records = fit.Records;
            // A file without a session message does not say its sport: its records are taken as the runner's.
            running = fit.Sessions.Count == 0 || fit.Sessions.Any(s => s.IsRunning);
        }
        else
        {
            using var stream = new MemoryStream(body, writable: false);
            if (!TcxReader.TryRead(stream, out var tcx, out var error))
            {
                return (null, "notTcx", $"{error.Message}. Upload a Training Center Database v2 file.");
            }

            records = tcx!.Records;
            running = tcx.Sport is null || tcx.IsRunning;
        }

        if (records.Count == 0)
        {
            return (null, "noRecords", "The file has no records (no trackpoints with a time): nothing to add");
        }

        if (!running)
        {
            return (null, "notRunning", "The file's sport is not running: only running activities join a session");
        }

        return (records, null, null);
    }
}
