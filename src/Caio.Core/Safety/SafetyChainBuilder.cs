using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>
/// Builds the <see cref="SafetyChain"/>. The order of the SDK's own layers is fixed here and only here:
/// <list type="number">
/// <item><description>emergency stop</description></item>
/// <item><description>mode (dry-run, shadow)</description></item>
/// <item><description>gatekeeper (approved, unexpired, hash-verified batch holding the action)</description></item>
/// <item><description>suppression (invalid, unsubscribed, bounced, blocked, role, disposable)</description></item>
/// <item><description><see cref="GuardExtensionPoint.AfterSuppression"/> host guards</description></item>
/// <item><description>contact history (terminal status, step already sent)</description></item>
/// <item><description>send window</description></item>
/// <item><description>ramp</description></item>
/// <item><description>caps (monthly, daily, hourly, per domain, per batch, per mailbox, minimum gap)</description></item>
/// <item><description><see cref="GuardExtensionPoint.BeforeSend"/> host guards</description></item>
/// </list>
/// Hosts add guards only at the extension points; built-in layers cannot be removed or reordered.
/// </summary>
public sealed class SafetyChainBuilder
{
    private static readonly string[] BuiltInNames = ["emergency_stop", "mode", "gatekeeper", "suppression", "history", "send_window", "ramp", "caps"];

    private readonly IEmergencyStop _emergencyStop;
    private readonly SuppressionStore _suppression;
    private readonly ContactHistory _history;
    private readonly RampTracker _ramp;
    private readonly SendCaps _caps;
    private readonly SafetyOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly List<ISendGuard> _afterSuppression = [];
    private readonly List<ISendGuard> _beforeSend = [];

    /// <summary>Creates a builder over the shared safety components.</summary>
    /// <param name="emergencyStop">The emergency stop.</param>
    /// <param name="suppression">The suppression store.</param>
    /// <param name="history">The contact history.</param>
    /// <param name="ramp">The ramp tracker.</param>
    /// <param name="caps">The caps.</param>
    /// <param name="options">Safety options.</param>
    /// <param name="timeProvider">The clock.</param>
    public SafetyChainBuilder(
        IEmergencyStop emergencyStop,
        SuppressionStore suppression,
        ContactHistory history,
        RampTracker ramp,
        SendCaps caps,
        IOptions<SafetyOptions> options,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(emergencyStop);
        ArgumentNullException.ThrowIfNull(suppression);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(ramp);
        ArgumentNullException.ThrowIfNull(caps);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _emergencyStop = emergencyStop;
        _suppression = suppression;
        _history = history;
        _ramp = ramp;
        _caps = caps;
        _options = SafetyOptionsValidator.EnsureValid(options.Value);
        _timeProvider = timeProvider;
    }

    /// <summary>Creates a builder with default components on one state store (the stop reads the process environment).</summary>
    /// <param name="store">The state store.</param>
    /// <param name="options">Safety options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>The builder.</returns>
    public static SafetyChainBuilder Create(IStateStore store, IOptions<SafetyOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new SafetyChainBuilder(
            new EmergencyStop(store, options, timeProvider),
            new SuppressionStore(store, options, timeProvider),
            new ContactHistory(store, timeProvider),
            new RampTracker(store, options, timeProvider),
            new SendCaps(store, options, timeProvider),
            options,
            timeProvider);
    }

    /// <summary>Adds a host guard at an extension point; guards at the same point run in the order added.</summary>
    /// <param name="point">Where the guard runs.</param>
    /// <param name="guard">The guard; its name must not be a built-in layer's name.</param>
    /// <returns>This builder.</returns>
    [Experimental(Experiments.ExtensionPoints)]
    public SafetyChainBuilder AddGuard(GuardExtensionPoint point, ISendGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        if (string.IsNullOrWhiteSpace(guard.Name) || BuiltInNames.Contains(guard.Name, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"A host guard needs its own name; '{guard.Name}' is empty or a built-in layer.", nameof(guard));
        }

        var list = point switch
        {
            GuardExtensionPoint.AfterSuppression => _afterSuppression,
            GuardExtensionPoint.BeforeSend => _beforeSend,
            _ => throw new ArgumentOutOfRangeException(nameof(point), point, "Unknown extension point."),
        };
        list.Add(guard);
        return this;
    }

    /// <summary>Builds the chain in the fixed order.</summary>
    /// <returns>The chain.</returns>
    public SafetyChain Build()
    {
        ISendGuard[] guards =
        [
            new EmergencyStopGuard(_emergencyStop),
            new ModeGuard(_options.ShadowMode),
            new GatekeeperGuard(_timeProvider),
            new SuppressionGuard(_suppression, _options.Suppression),
            .. _afterSuppression,
            new HistoryGuard(_history),

            // Pure-time checks before the layers that reserve: an action the window defers never holds
            // a ramp or cap slot that a sendable action evaluated at the same moment could use.
            new SendWindowGuard(_options.SendWindow, _timeProvider),
            new RampGuard(_ramp),
            new CapGuard(_caps),
            .. _beforeSend,
        ];
        return new SafetyChain(_emergencyStop, guards);
    }
}
