namespace MindMuscle.Live.Core.Samples;

/// <summary>What is wrong with a session CSV row.</summary>
public enum SessionCsvErrorKind
{
    UnterminatedQuote,
    TextAfterClosingQuote,
    FieldCount,
    EmptyValue,
    BadValue,
}
