using CsCheck;
using MindMuscle.Live.Core.Fit;

namespace MindMuscle.Live.Core.Tests.Fit;

/// <summary>
/// Random bytes, and written files mutated (bytes flipped, inserted, cut) with their CRCs recomputed so the mutation
/// reaches the message parser: the reader never throws, and every rejection is a typed error inside the input.
/// </summary>
public sealed class FitReaderFuzzTests
{
    // A million under MML_LONG_TESTS=1 (about a minute on two cores); a quarter of that in every run.
    private static readonly long Iterations = Environment.GetEnvironmentVariable("MML_LONG_TESTS") == "1" ? 1_000_000 : 250_000;

    // Files of at most 40 records: past the first few, a record message is one more of the same definition, so a longer
    // seed adds bytes to copy, re-checksum and parse on every iteration, not parser paths for a mutation to reach.
    private static readonly byte[][] Seeds =
        [.. FitTestData.Records.Array[8].Single().Select(r => FitActivityWriter.Write(new FitActivity { Records = r[..Math.Min(r.Length, 40)] }))];

    private static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[1, 8], Gen.Int[0, 2], Gen.Bool).SelectMany((seed, count, kind, fix) =>
            Gen.Select(Gen.Int[0, int.MaxValue], Gen.Byte).Array[count].Select(edits =>
            {
                var bytes = new List<byte>(Seeds[seed]);
                foreach (var (at, value) in edits)
                {
                    var i = at % Math.Max(1, bytes.Count);
                    switch (kind)
                    {
                        case 0 when bytes.Count > 0: bytes[i] = value; break;
                        case 1: bytes.Insert(i, value); break;
                        case 2 when bytes.Count > 0: bytes.RemoveAt(i); break;
                    }
                }

                var file = bytes.ToArray();
                if (fix)
                {
                    FitBytes.FixCrcs(file);
                }

                return file;
            }));

    [Fact]
    public void TryRead_RandomAndMutatedBytes_NeverThrowsAndRejectsWithTypedError()
    {
        var accepted = 0L;
        var rejected = 0L;
        Gen.Frequency((1, Gen.Byte.Array[0, 300]), (6, Mutated)).Sample(bytes =>
        {
            if (FitReader.TryRead(bytes, out var activity, out var error))
            {
                Assert.NotNull(activity);
                Interlocked.Increment(ref accepted);
            }
            else
            {
                Assert.True(Enum.IsDefined(error.Kind), $"untyped rejection {error.Kind}");
                Assert.InRange(error.Offset, 0, bytes.Length);
                Assert.False(string.IsNullOrWhiteSpace(error.Detail));
                Interlocked.Increment(ref rejected);
            }
        }, iter: Iterations);

        Assert.True(accepted > 1000, $"only {accepted} mutated files accepted: the parser was barely reached");
        Assert.True(rejected > 1000, $"only {rejected} rejected");
    }
}
