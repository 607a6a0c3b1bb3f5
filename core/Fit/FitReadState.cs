using System.Buffers.Binary;

namespace MindMuscle.Live.Core.Fit;

/// <summary>The reader's state across messages and chained files: local definitions, the last timestamp, what was read.</summary>
internal sealed class FitReadState
{
    private const int LocalTypes = 16;
    private readonly Definition?[] _definitions = new Definition?[LocalTypes];
    private readonly FitValues _values = new();
    private readonly List<FitRecord> _records = [];
    private readonly List<FitLap> _laps = [];
    private readonly List<FitSession> _sessions = [];
    private readonly List<FitEvent> _events = [];
    private readonly List<FitDeviceInfo> _devices = [];
    private FitFileId? _fileId;
    private uint? _lastTimestamp;

    /// <summary>Local definitions and the timestamp base do not carry over into a chained file.</summary>
    public void StartFile()
    {
        Array.Clear(_definitions);
        _lastTimestamp = null;
    }

    public FitActivity ToActivity() => new()
    {
        FileId = _fileId ?? new FitFileId(),
        Devices = _devices,
        Events = _events,
        Records = _records,
        Laps = _laps,
        Sessions = _sessions,
    };

    /// <param name="data">The file up to the end of its data (header included): positions are relative to its start.</param>
    /// <param name="p">The message's position; moved past it.</param>
    /// <param name="fileStart">Where the file starts in the input, for error offsets.</param>
    /// <param name="error">Why the message was rejected.</param>
    public bool ReadMessage(ReadOnlySpan<byte> data, ref int p, int fileStart, out FitReadError error)
    {
        var at = p;
        var header = data[p++];
        if ((header & 0x80) != 0)
        {
            // Compressed timestamp header: local type in bits 5-6, a 5-bit offset on the last full timestamp.
            uint? timestamp = null;
            if (_lastTimestamp is { } last)
            {
                var offset = (uint)(header & 0x1F);
                timestamp = last + ((offset - (last & 0x1F)) & 0x1F);
                _lastTimestamp = timestamp;
            }

            return ReadData(data, ref p, (header >> 5) & 0x03, timestamp, fileStart + at, out error);
        }

        var local = header & 0x0F;
        if ((header & 0x40) != 0)
        {
            return ReadDefinition(data, ref p, local, (header & 0x20) != 0, fileStart + at, out error);
        }

        return ReadData(data, ref p, local, null, fileStart + at, out error);
    }

    private bool ReadDefinition(ReadOnlySpan<byte> data, ref int p, int local, bool developer, long at, out FitReadError error)
    {
        if (data.Length - p < 5)
        {
            error = new(FitReadErrorKind.Truncated, at, "a definition message runs past the end of the data");
            return false;
        }

        var architecture = data[p + 1];
        if (architecture > 1)
        {
            error = new(FitReadErrorKind.BadDefinition, at + 2, $"architecture {architecture} (0 little-endian, 1 big-endian)");
            return false;
        }

        var bigEndian = architecture == 1;
        var global = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data[(p + 2)..]) : BinaryPrimitives.ReadUInt16LittleEndian(data[(p + 2)..]);
        int count = data[p + 4];
        p += 5;
        if (data.Length - p < (3 * count) + (developer ? 1 : 0))
        {
            error = new(FitReadErrorKind.Truncated, at, "a definition message runs past the end of the data");
            return false;
        }

        var fields = new FieldDefinition[count];
        var size = 0;
        for (var i = 0; i < count; i++, p += 3)
        {
            fields[i] = new FieldDefinition(data[p], data[p + 1], data[p + 2]);
            if (fields[i].Size == 0)
            {
                error = new(FitReadErrorKind.BadDefinition, at, $"field {fields[i].Number} of message {global} has size 0");
                return false;
            }

            size += fields[i].Size;
        }

        var developerBytes = 0;
        if (developer)
        {
            int devCount = data[p++];
            if (data.Length - p < 3 * devCount)
            {
                error = new(FitReadErrorKind.Truncated, at, "a definition message's developer fields run past the end of the data");
                return false;
            }

            for (var i = 0; i < devCount; i++, p += 3)
            {
                developerBytes += data[p + 1];
            }
        }

        _definitions[local] = new Definition(global, bigEndian, fields, size + developerBytes);
        error = default;
        return true;
    }

    private bool ReadData(ReadOnlySpan<byte> data, ref int p, int local, uint? compressedTimestamp, long at, out FitReadError error)
    {
        if (_definitions[local] is not { } def)
        {
            error = new(FitReadErrorKind.UndefinedLocalMessage, at, $"local message type {local} is used before any definition message defines it");
            return false;
        }

        if (data.Length - p < def.Size)
        {
            error = new(FitReadErrorKind.Truncated, at, $"a message of {def.Size} bytes runs past the end of the data");
            return false;
        }

        var message = data.Slice(p, def.Size);
        p += def.Size;
        error = default;
        if (!FitMessages.IsRead(def.Global) && !def.HasTimestamp)
        {
            return true;
        }

        _values.Clear();
        var offset = 0;
        foreach (var f in def.Fields)
        {
            var bytes = message.Slice(offset, f.Size);
            offset += f.Size;
            if (f.Number == FitProfile.TimestampField)
            {
                if (FitBaseTypes.Read(bytes, f.BaseType, def.BigEndian) is { } ts and >= 0 and <= uint.MaxValue)
                {
                    _lastTimestamp = (uint)ts;
                }
            }

            _values.Set(f.Number, bytes, f.BaseType, def.BigEndian);
        }

        if (compressedTimestamp is { } c && !_values.Has(FitProfile.TimestampField))
        {
            _values.SetNumber(FitProfile.TimestampField, c);
        }

        switch (def.Global)
        {
            case FitProfile.Mesg.Record:
                if (FitMessages.Record(_values) is { } record)
                {
                    _records.Add(record);
                }

                break;
            case FitProfile.Mesg.Lap:
                if (FitMessages.Lap(_values) is { } lap)
                {
                    _laps.Add(lap);
                }

                break;
            case FitProfile.Mesg.Session:
                if (FitMessages.Session(_values) is { } session)
                {
                    _sessions.Add(session);
                }

                break;
            case FitProfile.Mesg.Event:
                _events.Add(FitMessages.Event(_values));
                break;
            case FitProfile.Mesg.DeviceInfo:
                _devices.Add(FitMessages.DeviceInfo(_values));
                break;
            case FitProfile.Mesg.FileId:
                _fileId ??= FitMessages.FileId(_values);
                break;
        }

        return true;
    }

    private readonly record struct FieldDefinition(byte Number, byte Size, byte BaseType);

    private sealed class Definition(ushort global, bool bigEndian, FieldDefinition[] fields, int size)
    {
        public ushort Global { get; } = global;

        public bool BigEndian { get; } = bigEndian;

        public FieldDefinition[] Fields { get; } = fields;

        public int Size { get; } = size;

        public bool HasTimestamp { get; } = Array.Exists(fields, f => f.Number == FitProfile.TimestampField);
    }
}
