namespace Caio.Crafting;

/// <summary>Reason codes of a crafter that produced no draft (<see cref="CraftResult.Refusal"/>).</summary>
public static class CraftRefusals
{
    /// <summary>No template matches the lead's tier and the sequence step (neither <c>tier:key</c> nor <c>default:key</c>).</summary>
    public const string TemplateMissing = "template_missing";

    /// <summary>A merge field of the template has no value for this lead and no fallback.</summary>
    public const string MergeFieldMissing = "merge_field_missing";

    /// <summary>The rendered text still contains a placeholder (the same code as a review decision's).</summary>
    public const string Placeholder = Caio.Review.ReviewRefusals.Placeholder;
}
