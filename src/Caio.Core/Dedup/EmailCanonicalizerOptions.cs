namespace Caio.Dedup;

/// <summary>
/// Options of <see cref="EmailCanonicalizer"/>, bound from the configuration section
/// <see cref="SectionName"/> (<c>Caio:Dedup</c>).
/// </summary>
public sealed class EmailCanonicalizerOptions
{
    /// <summary>The configuration section these options bind from: <c>Caio:Dedup</c>.</summary>
    public const string SectionName = "Caio:Dedup";

    /// <summary>
    /// Fold Gmail aliases: for <c>gmail.com</c> and <c>googlemail.com</c> addresses, dots in the local part
    /// are removed, a <c>+tag</c> is dropped and the domain becomes <c>gmail.com</c>
    /// (<c>John.Doe+promo@googlemail.com</c> → <c>johndoe@gmail.com</c>). Default <see langword="true"/>:
    /// Gmail documents these forms as the same mailbox.
    /// </summary>
    public bool FoldGmailAliases { get; set; } = true;

    /// <summary>
    /// Drop a <c>+tag</c> from the local part on every other domain (<c>jane+news@example.com</c> →
    /// <c>jane@example.com</c>). Default <see langword="false"/>: sub-addressing is a per-server convention,
    /// and on some servers <c>+</c> is an ordinary character of a distinct mailbox.
    /// </summary>
    public bool FoldPlusTags { get; set; }
}
