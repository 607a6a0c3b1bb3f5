namespace MindMuscle.Live.Core.Samples;

/// <summary>One field of a split line: where it stands in the line (inside the quotes, when quoted).</summary>
/// <param name="Range">The field's characters, quotes excluded.</param>
/// <param name="HasDoubledQuotes">The quoted field holds <c>""</c> pairs, to be read as one quote each.</param>
public readonly record struct CsvField(Range Range, bool HasDoubledQuotes);
