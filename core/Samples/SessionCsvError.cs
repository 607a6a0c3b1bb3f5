namespace MindMuscle.Live.Core.Samples;

/// <summary>Why a row was rejected: <see cref="Column"/> names the offending column (null for a malformed line).</summary>
public readonly record struct SessionCsvError(SessionCsvErrorKind Kind, string? Column, string Message)
{
    public override string ToString() => Message;
}
