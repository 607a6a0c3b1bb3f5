using QRCoder;

namespace MindMuscle.Live.Web.Coach;

/// <summary>
/// The join URL as a QR code in SVG. Error correction L keeps the modules few and large (a 40-character URL is 29
/// modules), so the code read from across a lane at 2 m; the page draws it as large as the screen allows.
/// </summary>
public static class JoinQr
{
    public static string Svg(string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.L);
        // A viewBox, no fixed size: CSS sizes it; black on white with the quiet zone, as scanners expect.
        return new SvgQRCode(data).GetGraphic(1, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
