using System.Globalization;

namespace Caio.Worker;

/// <summary>
/// Keeps a rehearsal clock (<c>--now</c>) away from real work (decision 0005). State created by a command
/// run with <c>--now</c> carries a marker file and is rehearsal state: <c>--now</c> keeps working on it.
/// State created by a sandbox run on its simulated clock is rehearsal state too.
/// On any other state (made on the real clock), a <c>--now</c> more than <see cref="Tolerance"/> away from
/// the real clock is refused before the command touches anything.
/// </summary>
internal static class RehearsalClock
{
    /// <summary>The marker file in the state directory.</summary>
    public const string MarkerFile = "rehearsal-clock.json";

    /// <summary>How far <c>--now</c> may be from the real clock on real state.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Checks a command's clock against the state in <paramref name="stateDirectory"/>. Fresh state is marked
    /// as rehearsal state when the command runs on a clock that is not the real one: a <c>--now</c>, or the
    /// simulated clock of a sandbox run (whose state holds only sandbox work).
    /// </summary>
    /// <param name="stateDirectory">The state directory.</param>
    /// <param name="now">The command's <c>--now</c>, or <see langword="null"/>.</param>
    /// <param name="simulated">Whether the command runs on the sandbox's simulated clock.</param>
    /// <param name="realClock">The real clock.</param>
    /// <exception cref="UsageException">Real state and a <c>--now</c> far from the real clock, or a sandbox run on real state.</exception>
    public static void Check(string stateDirectory, DateTimeOffset? now, bool simulated, TimeProvider realClock)
    {
        var marker = Path.Combine(stateDirectory, MarkerFile);
        if (File.Exists(marker) || (now is null && !simulated))
        {
            return;
        }

        var real = realClock.GetUtcNow();
        if (!Directory.Exists(stateDirectory) || !Directory.EnumerateFiles(stateDirectory, "*", SearchOption.AllDirectories).Any())
        {
            Directory.CreateDirectory(stateDirectory);
            var createdWith = now is { } at ? string.Create(CultureInfo.InvariantCulture, $"\"createdWithNow\":\"{at:O}\"") : "\"createdBy\":\"sandbox simulated clock\"";
            File.WriteAllText(marker, string.Create(CultureInfo.InvariantCulture, $"{{{createdWith},\"realClockAt\":\"{real:O}\"}}\n"));
            return;
        }

        if (simulated)
        {
            // A sandbox run on state made on the real clock: its simulated day runs ahead of the real clock and
            // would expire (or count against) the real work in it.
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"the state in {stateDirectory} was made on the real clock, and a sandbox run plays a simulated business day that would expire or use up its real work. Run the sandbox on its own state (drop --state-dir to use the default sandbox directory) or on a fresh --state-dir."));
        }

        if (now is not { } rehearsal)
        {
            return;
        }

        var distance = (rehearsal - real).Duration();
        if (distance > Tolerance)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"--now {rehearsal.ToUniversalTime():ddd yyyy-MM-dd HH:mm} UTC is {Caio.Operations.HumanTime.Duration(distance)} {(rehearsal > real ? "ahead of" : "behind")} the real clock (now {real.ToUniversalTime():ddd yyyy-MM-dd HH:mm} UTC), and the state in {stateDirectory} was made on the real clock: a rehearsal clock could expire or send real work. Rehearse on a fresh --state-dir (state created with --now is rehearsal state), or drop --now."));
        }
    }
}
