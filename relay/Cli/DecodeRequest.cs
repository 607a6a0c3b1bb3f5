using MindMuscle.Live.Core.Gatt;

namespace MindMuscle.Live.Relay.Cli;

/// <summary>The parsed arguments of <c>relay decode</c>.</summary>
internal sealed record DecodeRequest(string Characteristic, string? Hex, FileInfo? File, CadenceMode CadenceMode);
