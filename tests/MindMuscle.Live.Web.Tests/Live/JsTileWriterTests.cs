using Microsoft.JSInterop;
using MindMuscle.Live.Web.Live;
using NSubstitute;

namespace MindMuscle.Live.Web.Tests.Live;

/// <summary>The writer's calls into js/tiles.js: one source for the field layout, and the module let go with the page.</summary>
public sealed class JsTileWriterTests
{
    [Fact]
    public async Task Initialize_GivesTheModuleTileFieldsLayout_AndDispose_MakesItForgetTheTiles()
    {
        var module = Substitute.For<IJSInProcessObjectReference>();
        var js = Substitute.For<IJSRuntime>();
        // An NSubstitute set-up call: it configures the answer, no ValueTask is consumed.
#pragma warning disable CA2012
        js.InvokeAsync<IJSInProcessObjectReference>("import", Arg.Any<CancellationToken>(), Arg.Any<object?[]?>())
            .Returns(_ => ValueTask.FromResult(module));
#pragma warning restore CA2012
        var writer = new JsTileWriter(js);

        await writer.InitializeAsync(Xunit.TestContext.Current.CancellationToken);
        writer.Write("r1", new string?[TileFields.Count]);
        writer.Flush();
        await writer.DisposeAsync();

        var calls = module.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name == nameof(IJSInProcessObjectReference.Invoke))
            .Select(c => ((string)c.GetArguments()[0]!, (object?[])c.GetArguments()[1]!))
            .ToList();
        Assert.Equal(["init", "write", "forget"], calls.Select(c => c.Item1));
        var init = calls[0].Item2;
        Assert.Equal(TileFields.Metrics, Assert.IsAssignableFrom<IEnumerable<string?>>(init[0]));
        Assert.Equal([TileFields.SpeedRaw, TileFields.Battery, TileFields.BatteryLow, TileFields.Spark], init.Skip(1).Take(4).Cast<int>());
        Assert.Equal(MetricFormat.Missing, init[5]);
        // The queue goes out by reference (serialised in the call) and is cleared for the next frame.
        Assert.IsAssignableFrom<IEnumerable<string?>>(calls[1].Item2[0]);
        await module.Received(1).DisposeAsync();
    }
}
