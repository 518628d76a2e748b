using System.Diagnostics;
using System.Globalization;

namespace Caio.Worker;

/// <summary>
/// Progress of a long command on standard error: a live line redrawn in place when standard error is a
/// terminal, and a plain line every <see cref="CliContext.ProgressInterval"/> when it is not (cron, CI logs).
/// Off a terminal a line is written every interval even while no new count arrives (a stage that reports
/// nothing while it works, such as the sandbox run's send stage), so a log never falls silent on a live run.
/// Standard output stays the command's result only.
/// </summary>
internal sealed class ProgressReporter : IDisposable
{
    private readonly CliContext _cli;
    private readonly string _verb;
    private readonly long _total;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastWrite;
    private bool _wroteLive;
    private Func<string>? _latest;
    private bool _fresh;
    private bool _disposed;
    private readonly Lock _gate = new();
    private readonly ITimer? _heartbeat;

    private ProgressReporter(CliContext cli, string verb, long total)
    {
        _cli = cli;
        _verb = verb;
        _total = total;
        _lastWrite = _started;
        if (!cli.IsInteractive)
        {
            _heartbeat = TimeProvider.System.CreateTimer(_ => Beat(), null, cli.ProgressInterval, cli.ProgressInterval);
        }
    }

    /// <summary>A reporter, or <see langword="null"/> when progress is switched off (<c>--progress-interval 0</c> off a terminal).</summary>
    public static ProgressReporter? Create(CliContext cli, string verb, long total = 0) =>
        cli.IsInteractive || cli.ProgressInterval > TimeSpan.Zero ? new ProgressReporter(cli, verb, total) : null;

    /// <summary>Reports how many are done; writes only when it is time to.</summary>
    public void Report(long done) => Report(() => Counted(done));

    /// <summary>Reports a progress text made on demand; writes only when it is time to.</summary>
    public void Report(Func<string> text)
    {
        lock (_gate)
        {
            Write(text);
        }
    }

    /// <summary>The final count, from the command's result: a live line ends on it rather than on the last snapshot.</summary>
    public void Complete(Func<string> text)
    {
        lock (_gate)
        {
            _latest = text;
        }
    }

    private void Write(Func<string> text)
    {
        var now = Stopwatch.GetTimestamp();
        _latest = text;
        _fresh = true;
        if (_cli.IsInteractive)
        {
            if (Stopwatch.GetElapsedTime(_lastWrite, now) >= TimeSpan.FromMilliseconds(100) || !_wroteLive)
            {
                _cli.Error.Write("\r  " + text() + "   ");
                _wroteLive = true;
                _lastWrite = now;
            }

            return;
        }

        if (Stopwatch.GetElapsedTime(_lastWrite, now) >= _cli.ProgressInterval)
        {
            WriteLine(text(), now, stillRunning: false);
        }
    }

    /// <summary>Off a terminal: when a whole interval passed without a line, the latest count again, marked as still running.</summary>
    private void Beat()
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            // The timer ticks every interval from the start, a line from a report can fall just after a tick: a tick
            // lets a little early through, so the log still gets one line per interval rather than one per two.
            if (_disposed || Stopwatch.GetElapsedTime(_lastWrite, now) < _cli.ProgressInterval * 0.8)
            {
                return;
            }

            WriteLine(_latest?.Invoke() ?? _verb, now, stillRunning: !_fresh);
        }
    }

    private void WriteLine(string text, long now, bool stillRunning)
    {
        _cli.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress: {text} ({Stopwatch.GetElapsedTime(_started, now).TotalSeconds:F0} s{(stillRunning ? ", still running" : string.Empty)})"));
        _lastWrite = now;
        _fresh = false;
    }

    public void Dispose()
    {
        _heartbeat?.Dispose();
        lock (_gate)
        {
            _disposed = true;
            if (_wroteLive && _latest is { } latest)
            {
                // The live line ends on the final count, not on the last redraw.
                _cli.Error.WriteLine("\r  " + latest() + "   ");
            }
        }
    }

    private string Counted(long done) =>
        _total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{_verb} {done:N0}/{_total:N0} ({100.0 * done / _total:F0}%)")
            : string.Create(CultureInfo.InvariantCulture, $"{_verb} {done:N0}");
}
