using Microsoft.AspNetCore.Components;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// A panel of the live view (feed, badge, lists): renders again after an animation frame only when something it shows
/// changed (<see cref="Watches"/>), never per sample.
/// </summary>
public abstract class LivePanel : ComponentBase, IDisposable
{
    [CascadingParameter]
    public LiveStore Store { get; set; } = null!;

    /// <summary>What this panel shows.</summary>
    protected abstract LiveChange Watches { get; }

    private LiveStore? _subscribed;

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(_subscribed, Store))
        {
            Unsubscribe();
            Store.Changed += OnChanged;
            _subscribed = Store;
        }
    }

    public void Dispose()
    {
        Unsubscribe();
        GC.SuppressFinalize(this);
    }

    private void OnChanged(LiveChange change)
    {
        if ((change & Watches) != 0)
        {
            _ = InvokeAsync(StateHasChanged);
        }
    }

    private void Unsubscribe()
    {
        if (_subscribed is not null)
        {
            _subscribed.Changed -= OnChanged;
            _subscribed = null;
        }
    }
}
