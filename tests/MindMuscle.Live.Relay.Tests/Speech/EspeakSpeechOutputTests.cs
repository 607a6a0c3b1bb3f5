using System.Buffers.Binary;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Relay.Speech;

namespace MindMuscle.Live.Relay.Tests.Speech;

/// <summary>The real espeak-ng writing WAV files (wav:DIR).</summary>
public sealed class EspeakSpeechOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task SpeakAsync_WavMode_DurationGrowsWithText()
    {
        var sut = new EspeakSpeechOutput(_dir.Path);
        var shortCue = new CueMessage { CueId = "short", Text = "Core." };
        var longCue = new CueMessage
        {
            CueId = "long",
            Text = "Brace your core like a corset, then squeeze the left glute as you push off and drive the ground away.",
        };

        await sut.SpeakAsync(shortCue, TestContext.Current.CancellationToken);
        await sut.SpeakAsync(longCue, TestContext.Current.CancellationToken);

        var shortSeconds = WavSeconds(sut.WavPathFor(shortCue));
        var longSeconds = WavSeconds(sut.WavPathFor(longCue));
        Assert.InRange(shortSeconds, 0.2, 3);
        Assert.True(longSeconds > shortSeconds * 3, $"long {longSeconds:0.00}s vs short {shortSeconds:0.00}s");
    }

    [Fact]
    public void WavPathFor_HostileCueId_StaysInsideTheDirectory()
    {
        var sut = new EspeakSpeechOutput(_dir.Path);

        var path = sut.WavPathFor(new CueMessage { CueId = "../../etc/passwd" });

        Assert.Equal(_dir.Path, Path.GetDirectoryName(path));
    }

    [Fact]
    public async Task SpeakAsync_TextStartingWithDash_SpokenNotParsedAsOption()
    {
        var sut = new EspeakSpeechOutput(_dir.Path);
        var cue = new CueMessage { CueId = "dash", Text = "--version and relax your shoulders" };

        await sut.SpeakAsync(cue, TestContext.Current.CancellationToken);

        Assert.True(WavSeconds(sut.WavPathFor(cue)) > 1);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Duration from the RIFF header: the data chunk's size over the fmt chunk's byte rate.</summary>
    private static double WavSeconds(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(bytes, 8, 4));
        int? byteRate = null;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (id == "fmt ")
            {
                byteRate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 8 + 8));
            }
            else if (id == "data")
            {
                // A streamed WAV may leave the size unset; then the data runs to the end of the file.
                var dataBytes = size <= 0 || offset + 8 + size > bytes.Length ? bytes.Length - offset - 8 : size;
                Assert.NotNull(byteRate);
                return dataBytes / (double)byteRate!.Value;
            }

            offset += 8 + size + (size % 2);
        }

        throw new InvalidDataException("No data chunk in " + path);
    }
}
