using MindMuscle.Live.TestKit.Faults;
using SharpFuzz;

namespace MindMuscle.Live.Fuzz;

/// <summary>
/// libFuzzer harness for the GATT decoders (scripts/fuzz.sh). Under libFuzzer (the driver sets the SharpFuzz shared
/// memory and pipe variables) it serves inputs until the driver stops; otherwise it replays the files given after the
/// target name, which is how a crash file is reproduced. A broken invariant or any escaping exception is a crash.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["SelfTestCrash", ..])
        {
            // Proves the pipeline reports crashes: libFuzzer must find this and save the input (scripts/fuzz.sh --self-test).
            Fuzzer.LibFuzzer.Run(span =>
            {
                if (span.Length >= 2 && span[0] == (byte)'M')
                {
                    throw new InvalidOperationException("self-test crash");
                }
            });
            return 0;
        }

        if (args.Length == 0 || !Enum.TryParse<GattFuzzTarget>(args[0], ignoreCase: true, out var target))
        {
            Console.Error.WriteLine($"usage: MindMuscle.Live.Fuzz <{string.Join('|', Enum.GetNames<GattFuzzTarget>())}> [input files to replay]");
            return 2;
        }

        if (Environment.GetEnvironmentVariable("__LIBFUZZER_SHM_ID") is not null)
        {
            Fuzzer.LibFuzzer.Run(span => GattFuzzOracle.Run(target, span));
            return 0;
        }

        var accepted = 0;
        var files = args.Skip(1).SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p) : [p]).ToArray();
        foreach (var file in files)
        {
            accepted += GattFuzzOracle.Run(target, File.ReadAllBytes(file)) ? 1 : 0;
        }

        Console.WriteLine($"{target}: replayed {files.Length} inputs, {accepted} accepted, no invariant broken");
        return 0;
    }
}
