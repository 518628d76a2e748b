using System.Text.Json.Serialization;

namespace Caio.Safety;

/// <summary>
/// Why something was refused or postponed: a reason code and a detail in the user's terms. Every result
/// that can be refused carries one as <c>Refusal</c> (<see langword="null"/> when it succeeded): guard
/// decisions, approval warnings, review decisions, enqueueing, batch operations, operator outcomes, crafting.
/// </summary>
/// <param name="Code">The machine-readable reason, e.g. <see cref="ReasonCode.CapDaily"/>.</param>
/// <param name="Detail">Human-readable detail for logs and people (never a message body or a secret), or <see langword="null"/>.</param>
public sealed record Refusal(
    [property: JsonPropertyName("code")] ReasonCode Code,
    [property: JsonPropertyName("detail")] string? Detail = null)
{
    /// <summary>The code's one-line plain explanation (<see cref="ReasonCodeExplanations"/>), or <see langword="null"/> for a code this SDK does not emit.</summary>
    [JsonPropertyName("explanation")]
    public string? Explanation => Code.Explanation;

    /// <summary>A refusal for <paramref name="code"/>, or <see langword="null"/> when there is no code (the operation succeeded).</summary>
    /// <param name="code">The reason code, or <see langword="null"/>.</param>
    /// <param name="detail">The detail.</param>
    /// <returns>The refusal, or <see langword="null"/>.</returns>
    public static Refusal? From(string? code, string? detail = null) =>
        string.IsNullOrWhiteSpace(code) ? null : new Refusal(code, detail);

    /// <summary>A refusal for <paramref name="code"/>, or <see langword="null"/> when there is no code (the operation succeeded).</summary>
    /// <param name="code">The reason code, or <see langword="null"/>.</param>
    /// <param name="detail">The detail.</param>
    /// <returns>The refusal, or <see langword="null"/>.</returns>
    public static Refusal? From(ReasonCode? code, string? detail = null) =>
        code is { IsDefault: false } value ? new Refusal(value, detail) : null;

    /// <summary>The code, then the detail in parentheses when there is one: <c>cap_daily (3/3 today)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Detail is null ? Code.ToString() : $"{Code} ({Detail})";
}
