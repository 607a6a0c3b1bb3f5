namespace MindMuscle.Live.Core.Fit;

/// <summary>What is wrong with a FIT file.</summary>
public enum FitReadErrorKind
{
    /// <summary>No FIT header: too short, a header size other than 12 or 14 and more, or no ".FIT" signature.</summary>
    NotFit = 1,

    /// <summary>A protocol major version above 2.</summary>
    UnsupportedProtocol = 2,

    /// <summary>The 14-byte header's CRC does not match its first 12 bytes.</summary>
    HeaderCrc = 3,

    /// <summary>The file ends before the data size the header announces, or a message runs past the data's end.</summary>
    Truncated = 4,

    /// <summary>The CRC after the data does not match the header and data.</summary>
    FileCrc = 5,

    /// <summary>A definition message names an unknown architecture or a zero-sized field.</summary>
    BadDefinition = 6,

    /// <summary>A data message uses a local message type no definition message defined.</summary>
    UndefinedLocalMessage = 7,
}

/// <summary>Why a FIT file was rejected: what, and the byte offset in the input where it was found.</summary>
public readonly record struct FitReadError(FitReadErrorKind Kind, long Offset, string Detail)
{
    /// <summary>e.g. "FIT file CRC mismatch at byte 1234: ...; the file is damaged, export it again from the watch".</summary>
    public string Message => $"FIT {Kind switch
    {
        FitReadErrorKind.NotFit => "header missing",
        FitReadErrorKind.UnsupportedProtocol => "protocol unsupported",
        FitReadErrorKind.HeaderCrc => "header CRC mismatch",
        FitReadErrorKind.Truncated => "file truncated",
        FitReadErrorKind.FileCrc => "file CRC mismatch",
        FitReadErrorKind.BadDefinition => "bad definition message",
        FitReadErrorKind.UndefinedLocalMessage => "undefined local message",
        _ => "error",
    }} at byte {Offset}: {Detail}";

    public override string ToString() => Message;
}
