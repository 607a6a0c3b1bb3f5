namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// The cells of one export row after the runner's prefix, as read from the recording: values plus a bit per nullable
/// cell (<see cref="Nulls"/>), so a reader that learns nullness in one value (SQLite) and one that asks per column
/// (ADO.NET <c>IsDBNull</c>) fill the same thing.
/// </summary>
internal ref struct CsvSample
{
    public const int HeartRateNull = 1 << 0;
    public const int RrNull = 1 << 1;
    public const int CadenceNull = 1 << 2;
    public const int SpeedNull = 1 << 3;
    public const int StrideNull = 1 << 4;
    public const int DistanceNull = 1 << 5;
    public const int PowerNull = 1 << 6;
    public const int GctNull = 1 << 7;
    public const int VoNull = 1 << 8;
    public const int BalanceNull = 1 << 9;
    public const int ContactNull = 1 << 10;
    public const int BatteryNull = 1 << 11;

    /// <summary>The nullable columns in the order of their bits (<see cref="HeartRateNull"/> is bit 0).</summary>
    public static readonly string[] NullableColumns =
        ["heart_rate", "rr", "cadence", "speed", "stride", "distance", "power", "gct", "vo", "balance", "contact", "battery"];

    public long Seq;
    public long ObservedAt;
    public int Nulls;
    public long HeartRate;
    /// <summary>The RR cell's UTF-8 bytes (stored in the cell's format), valid until the next read.</summary>
    public ReadOnlySpan<byte> Rr;
    public double Cadence;
    public double Speed;
    public double Stride;
    public double Distance;
    public long Power;
    public double Gct;
    public double Vo;
    public double Balance;
    public bool Contact;
    public long Battery;
    public bool Backfilled;

    public readonly bool Has(int nullBit) => (Nulls & nullBit) == 0;
}
