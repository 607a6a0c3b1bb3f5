using System.Text;
using Spectre.Console;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>Fixed-width text in terminal cells: every dashboard line is built to fit, so nothing ever wraps.</summary>
internal static class Cells
{
    public static int Width(string text) => text.GetCellWidth();

    /// <summary>Cuts to <paramref name="width"/> cells (ending in an ellipsis when cut) and pads right.</summary>
    public static string Fit(string? text, int width, bool alignRight = false)
    {
        if (width <= 0)
        {
            return "";
        }

        text ??= "";
        var length = Width(text);
        if (length > width)
        {
            var builder = new StringBuilder(width);
            var used = 0;
            foreach (var rune in text.EnumerateRunes())
            {
                var w = rune.ToString().GetCellWidth();
                if (used + w > width - 1)
                {
                    break;
                }

                builder.Append(rune.ToString());
                used += w;
            }

            builder.Append('…');
            used++;
            return builder.Append(' ', width - used).ToString();
        }

        return alignRight ? new string(' ', width - length) + text : text + new string(' ', width - length);
    }
}

/// <summary>A line built from styled pieces; renders to Spectre markup with every piece escaped.</summary>
internal sealed class StyledLine
{
    private readonly List<(string Text, string? Style)> _pieces = [];

    public int Width { get; private set; }

    /// <summary>The line's text without styles.</summary>
    public string Text => string.Concat(_pieces.Select(p => p.Text));

    public StyledLine Add(string text, string? style = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0)
        {
            _pieces.Add((text, string.IsNullOrEmpty(style) ? null : style));
            Width += Cells.Width(text);
        }

        return this;
    }

    public StyledLine Add(StyledLine other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (text, style) in other._pieces)
        {
            Add(text, style);
        }

        return this;
    }

    /// <summary>Pads with spaces to <paramref name="width"/> cells (never cuts: callers fit each piece).</summary>
    public StyledLine PadTo(int width, string? style = null) => Width < width ? Add(new string(' ', width - Width), style) : this;

    /// <summary>A copy no wider than <paramref name="width"/> cells, the last piece ending in an ellipsis when cut.</summary>
    public StyledLine Cut(int width)
    {
        if (Width <= width)
        {
            return new StyledLine().Add(this);
        }

        var cut = new StyledLine();
        foreach (var (text, style) in _pieces)
        {
            var room = width - cut.Width;
            if (room <= 0)
            {
                break;
            }

            cut.Add(Cells.Width(text) <= room ? text : Cells.Fit(text, room).TrimEnd(), style);
        }

        return cut;
    }

    public string ToMarkup()
    {
        var builder = new StringBuilder();
        foreach (var (text, style) in _pieces)
        {
            var escaped = Markup.Escape(text);
            if (style is null)
            {
                builder.Append(escaped);
            }
            else
            {
                builder.Append('[').Append(style).Append(']').Append(escaped).Append("[/]");
            }
        }

        return builder.ToString();
    }
}
