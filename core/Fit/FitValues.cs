namespace MindMuscle.Live.Core.Fit;

/// <summary>One data message's field values by field number: the first value of each field (null when invalid), strings apart.</summary>
internal sealed class FitValues
{
    private readonly double?[] _numbers = new double?[256];
    private readonly string?[] _strings = new string?[256];
    private readonly int[] _stamp = new int[256];
    private int _current = 1;

    public void Clear() => _current++;

    public void Set(byte number, ReadOnlySpan<byte> bytes, byte baseType, bool bigEndian)
    {
        _stamp[number] = _current;
        if ((FitBaseType)baseType == FitBaseType.String)
        {
            _numbers[number] = null;
            _strings[number] = FitBaseTypes.ReadString(bytes);
        }
        else
        {
            _numbers[number] = FitBaseTypes.Read(bytes, baseType, bigEndian);
            _strings[number] = null;
        }
    }

    public void SetNumber(byte number, double value)
    {
        _stamp[number] = _current;
        _numbers[number] = value;
        _strings[number] = null;
    }

    public bool Has(byte number) => _stamp[number] == _current && _numbers[number] is not null;

    /// <summary>The physical value: stored ÷ scale − offset; null when absent or invalid.</summary>
    public double? Get(byte number, double scale = 1, double offset = 0) =>
        _stamp[number] == _current && _numbers[number] is { } v ? (v / scale) - offset : null;

    public int? Int(byte number) => Get(number) is { } v && v is >= int.MinValue and <= int.MaxValue ? (int)v : null;

    public long? Long(byte number) => Get(number) is { } v && v is >= long.MinValue and <= long.MaxValue ? (long)v : null;

    public string? String(byte number) => _stamp[number] == _current ? _strings[number] : null;

    /// <summary>A date_time field as UTC unix milliseconds.</summary>
    public long? Time(byte number) => Get(number) is { } v && v is >= 0 and <= uint.MaxValue ? FitTime.ToUnixMs((uint)v) : null;
}
