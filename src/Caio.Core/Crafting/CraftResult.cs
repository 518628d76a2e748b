using Caio.Leads;
using Caio.Safety;

namespace Caio.Crafting;

/// <summary>Outcome of crafting: a draft, or a refusal with its reason code and detail.</summary>
public readonly record struct CraftResult
{
    /// <summary>The draft, when crafting succeeded.</summary>
    public MessageDraft? Draft { get; private init; }

    /// <summary>
    /// Why no draft was produced: a reason code (<see cref="CraftRefusals"/> for the template crafter; a crafter
    /// of a host may use its own) and a detail naming the template, field or placeholder; <see langword="null"/>
    /// when crafting succeeded.
    /// </summary>
    public Refusal? Refusal { get; private init; }

    /// <summary>A successful result.</summary>
    /// <param name="draft">The draft.</param>
    /// <returns>The result.</returns>
    public static CraftResult Success(MessageDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new() { Draft = draft };
    }

    /// <summary>A refusal.</summary>
    /// <param name="code">The reason code, e.g. <see cref="ReasonCode.TemplateMissing"/>.</param>
    /// <param name="detail">What exactly was missing or wrong, for the run report and logs.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="code"/> is the default (empty) code.</exception>
    public static CraftResult Refused(ReasonCode code, string? detail = null) =>
        code.IsDefault ? throw new ArgumentException("A refusal needs a reason code.", nameof(code)) : new() { Refusal = new Refusal(code, detail) };
}
