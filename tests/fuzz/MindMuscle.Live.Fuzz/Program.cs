using MindMuscle.Live.TestKit.Faults;
using MindMuscle.Live.Core.Fit;
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

        if (args is ["Fit", ..])
        {
            return RunFit(args);
        }

        if (args.Length == 0 || !Enum.TryParse<GattFuzzTarget>(args[0], ignoreCase: true, out var target))
        {
            Console.Error.WriteLine($"usage: MindMuscle.Live.Fuzz <{string.Join('|', Enum.GetNames<GattFuzzTarget>())}|Fit> [input files to replay]");
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

    /// <summary>The FIT reader: any input is read or refused with a typed error; an exception escaping is the crash.</summary>
    private static int RunFit(string[] args)
    {
        if (Environment.GetEnvironmentVariable("__LIBFUZZER_SHM_ID") is not null)
        {
            Fuzzer.LibFuzzer.Run(span => ReadFit(span));
            return 0;
        }

        var accepted = 0;
        var files = args.Skip(1).SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p) : [p]).ToArray();
        foreach (var file in files)
        {
            accepted += ReadFit(File.ReadAllBytes(file)) ? 1 : 0;
        }

        Console.WriteLine($"Fit: replayed {files.Length} inputs, {accepted} accepted, no invariant broken");
        return 0;
    }

    private static bool ReadFit(ReadOnlySpan<byte> input)
    {
        if (FitReader.TryRead(input, out _, out var error))
        {
            return true;
        }

        // A refusal must say what was wrong: an empty message would leave the user nothing to act on.
        return string.IsNullOrEmpty(error.Message) ? throw new InvalidOperationException("FIT refusal without a message") : false;
    }
}
