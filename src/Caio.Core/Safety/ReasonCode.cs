using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Caio.Safety;

/// <summary>
/// A machine-readable reason a send, a decision or a batch operation was refused, postponed or settled:
/// a snake_case string such as <c>cap_daily</c>. The SDK's own codes are the static properties of this
/// type; a host's guard or a provider package adds its own code by converting a string
/// (<c>ReasonCode code = "my_guard";</c>). Comparison is ordinal and case-sensitive, and in JSON a code is
/// the plain string, so codes are added, never renamed or reused.
/// </summary>
[JsonConverter(typeof(ReasonCodeJsonConverter))]
public readonly partial struct ReasonCode : IEquatable<ReasonCode>
{
    private readonly string? _value;

    /// <summary>Creates a reason code.</summary>
    /// <param name="value">The code, e.g. <c>cap_daily</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
    public ReasonCode(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Converts a string to a reason code.</summary>
    /// <param name="value">The code.</param>
    public static implicit operator ReasonCode(string value) => new(value);

    /// <summary>Converts a string that may be absent to a reason code: <see langword="null"/> stays <see langword="null"/> (no code).</summary>
    /// <param name="value">The code, or <see langword="null"/>.</param>
    public static implicit operator ReasonCode?(string? value) => value is null ? default(ReasonCode?) : new ReasonCode(value);

    /// <summary>Whether this is the <see langword="default"/> value, which is no code.</summary>
    internal bool IsDefault => _value is null;

    /// <summary>Whether two codes are the same string (ordinal, case-sensitive).</summary>
    /// <param name="left">A code.</param>
    /// <param name="right">Another code.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(ReasonCode left, ReasonCode right) => left.Equals(right);

    /// <summary>Whether two codes differ.</summary>
    /// <param name="left">A code.</param>
    /// <param name="right">Another code.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(ReasonCode left, ReasonCode right) => !left.Equals(right);

    /// <summary>The code's one-line plain explanation (<see cref="ReasonCodeExplanations"/>), or <see langword="null"/> for a code this SDK does not emit.</summary>
    public string? Explanation => ReasonCodeExplanations.Explain(this);

    /// <inheritdoc />
    public bool Equals(ReasonCode other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is ReasonCode other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The code as it appears on the wire, e.g. <c>cap_daily</c>.</summary>
    /// <returns>The code (empty for <see langword="default"/>).</returns>
    public override string ToString() => _value ?? string.Empty;
}
