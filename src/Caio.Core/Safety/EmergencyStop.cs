using System.Text.Json;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>The default <see cref="IEmergencyStop"/> on an <see cref="IStateStore"/> (key <c>safety:emergency-stop</c>).</summary>
public sealed class EmergencyStop : IEmergencyStop
{
    /// <summary>The state key of the runtime switch.</summary>
    public const string StateKey = "safety:emergency-stop";

    private static readonly EmergencyStopStatus Running = new(false, EmergencyStopSource.None, null, null, null, null);

    private readonly IStateStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly Func<string, string?> _environment;
    private readonly bool _configured;
    private readonly string _variable;

    /// <summary>
    /// Creates the stop reading the process environment. The variable is read at the first check and kept:
    /// a process's environment is set by whatever started it, so engaging the stop through it means setting it
    /// for the worker and restarting it (the runtime switch engages it without a restart).
    /// </summary>
    /// <param name="store">State store holding the runtime switch.</param>
    /// <param name="options">Safety options.</param>
    /// <param name="timeProvider">Clock for the switch's timestamp.</param>
    public EmergencyStop(IStateStore store, IOptions<SafetyOptions> options, TimeProvider timeProvider)
        : this(store, options, timeProvider, ReadOnce(Environment.GetEnvironmentVariable))
    {
    }

    /// <summary>Creates the stop with an explicit environment reader (for tests and hosts with their own configuration).</summary>
    /// <param name="store">State store holding the runtime switch.</param>
    /// <param name="options">Safety options.</param>
    /// <param name="timeProvider">Clock for the switch's timestamp.</param>
    /// <param name="environmentReader">Returns an environment variable's value or <see langword="null"/>.</param>
    public EmergencyStop(IStateStore store, IOptions<SafetyOptions> options, TimeProvider timeProvider, Func<string, string?> environmentReader)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(environmentReader);
        var value = SafetyOptionsValidator.EnsureValid(options.Value);
        _store = store;
        _timeProvider = timeProvider;
        _environment = environmentReader;
        _configured = value.EmergencyStop.Engaged;
        _variable = value.EmergencyStop.EnvironmentVariable;
    }

    /// <summary>
    /// A reader that asks <paramref name="read"/> once per variable and then answers from memory (a read that
    /// throws is not kept, so it is tried again and counts as unreadable each time it fails).
    /// </summary>
    private static Func<string, string?> ReadOnce(Func<string, string?> read)
    {
        Tuple<string, string?>? kept = null; // A stop asks for one variable; two threads reading it at once both get its value.
        return name =>
        {
            if (Volatile.Read(ref kept) is { } entry && string.Equals(entry.Item1, name, StringComparison.Ordinal))
            {
                return entry.Item2;
            }

            var value = read(name);
            Volatile.Write(ref kept, Tuple.Create(name, value));
            return value;
        };
    }

    /// <inheritdoc />
    public async ValueTask<bool> IsStoppedAsync(CancellationToken cancellationToken = default) =>
        (await GetStatusAsync(cancellationToken).ConfigureAwait(false)).Stopped;

    /// <inheritdoc />
    public ValueTask<EmergencyStopStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        if (_configured)
        {
            return new(new EmergencyStopStatus(true, EmergencyStopSource.Configuration, ReasonCodes.EmergencyStop, null, null, "Engaged by configuration."));
        }

        string? raw;
        try
        {
            raw = _environment(_variable);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new(Unreadable($"environment variable {_variable} could not be read: {ex.Message}"));
        }

        if (IsEngagedValue(raw))
        {
            return new(new EmergencyStopStatus(true, EmergencyStopSource.Environment, ReasonCodes.EmergencyStop, null, null, $"Engaged by environment variable {_variable}."));
        }

        // The switch's record, without an async frame when the store answers synchronously (in memory).
        ValueTask<StateEntry?> read;
        try
        {
            read = _store.GetAsync(StateKey, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new(Unreadable($"runtime switch could not be read: {ex.Message}"));
        }

        return read.IsCompletedSuccessfully ? new(FromRecord(read.Result)) : ReadSlowAsync(read, cancellationToken);
    }

    private static async ValueTask<EmergencyStopStatus> ReadSlowAsync(ValueTask<StateEntry?> read, CancellationToken cancellationToken)
    {
        StateEntry? entry;
        try
        {
            entry = await read.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return Unreadable($"runtime switch could not be read: {ex.Message}");
        }

        return FromRecord(entry);
    }

    private static EmergencyStopStatus FromRecord(StateEntry? entry)
    {
        if (entry is null)
        {
            return Running;
        }

        EmergencyStopRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(entry.Value.Span, SafetyJsonContext.Default.EmergencyStopRecord);
        }
        catch (Exception ex)
        {
            return Unreadable($"runtime switch could not be read: {ex.Message}");
        }

        if (record is null)
        {
            return Unreadable("runtime switch holds no record");
        }

        return record.Engaged
            ? new EmergencyStopStatus(true, EmergencyStopSource.Runtime, ReasonCodes.EmergencyStop, record.By, record.At, record.Reason)
            : new EmergencyStopStatus(false, EmergencyStopSource.None, null, record.By, record.At, record.Reason);
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(bool engaged, string by, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var record = new EmergencyStopRecord(engaged, by, _timeProvider.GetUtcNow(), reason);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, SafetyJsonContext.Default.EmergencyStopRecord);
        await _store.PutAsync(StateKey, bytes, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Interprets an environment value: truthy or unrecognized values engage the stop.</summary>
    internal static bool IsEngagedValue(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        var value = raw.Trim();
        return !(value.Equals("0", StringComparison.Ordinal)
            || value.Equals("false", StringComparison.OrdinalIgnoreCase)
            || value.Equals("off", StringComparison.OrdinalIgnoreCase)
            || value.Equals("no", StringComparison.OrdinalIgnoreCase));
    }

    private static EmergencyStopStatus Unreadable(string detail) =>
        new(true, EmergencyStopSource.Unreadable, ReasonCodes.EmergencyStopUnreadable, null, null, detail);
}

/// <summary>Stored form of the runtime switch.</summary>
internal sealed record EmergencyStopRecord(bool Engaged, string? By, DateTimeOffset? At, string? Reason);
