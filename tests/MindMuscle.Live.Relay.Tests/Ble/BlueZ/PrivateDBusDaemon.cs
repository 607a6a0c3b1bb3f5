using System.Diagnostics;

namespace MindMuscle.Live.Relay.Tests.Ble.BlueZ;

/// <summary>A real dbus-daemon on a private socket in a temp dir, started for one test and killed afterwards.</summary>
internal sealed class PrivateDBusDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private PrivateDBusDaemon(Process process, string directory, string address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    public string Address { get; }

    public static async Task<PrivateDBusDaemon> StartAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("mml-dbus-").FullName;
        var config = Path.Combine(directory, "bus.conf");
        await File.WriteAllTextAsync(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>unix:path={Path.Combine(directory, "bus")}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """, cancellationToken);

        var process = Process.Start(new ProcessStartInfo("/usr/bin/dbus-daemon", ["--config-file=" + config, "--print-address", "--nofork"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("dbus-daemon did not start");
        var address = await process.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        if (string.IsNullOrWhiteSpace(address))
        {
            process.Kill();
            throw new InvalidOperationException("dbus-daemon printed no address: " + await process.StandardError.ReadToEndAsync(cancellationToken));
        }

        return new PrivateDBusDaemon(process, directory, address.Trim());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            _process.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
