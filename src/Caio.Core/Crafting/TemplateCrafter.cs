using System.Text;
using Caio.Leads;
using Caio.Safety;
using Microsoft.Extensions.Options;

namespace Caio.Crafting;

/// <summary>
/// The deterministic default crafter: renders tier-specific templates with merge fields. It
/// refuses (never sends a guess) when a field without a fallback has no value or when the rendered
/// text still contains a placeholder. Templates are parsed once, at construction.
/// </summary>
public sealed class TemplateCrafter : IMessageCrafter
{
    /// <summary>The crafter name.</summary>
    public const string CrafterName = "template";

    /// <summary>Merge fields a template may use.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["firstName", "lastName", "fullName", "title", "company", "industry", "senderName", "senderCompany"];

    private readonly Dictionary<string, CompiledTemplate> _templates;
    private readonly CraftingOptions _options;

    /// <summary>Creates the crafter.</summary>
    /// <param name="options">Templates and sender details.</param>
    /// <exception cref="OptionsValidationException">A template uses an unknown field or is malformed.</exception>
    public TemplateCrafter(IOptions<CraftingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _templates = new(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        foreach (var (key, template) in _options.Templates)
        {
            var subject = TemplateParser.Parse(template.Subject, $"{CraftingOptions.SectionName}:Templates:{key}:Subject", errors);
            var body = TemplateParser.Parse(template.Body, $"{CraftingOptions.SectionName}:Templates:{key}:Body", errors);
            _templates[key] = new CompiledTemplate(subject, body);
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(CraftingOptions.SectionName, typeof(CraftingOptions), errors);
        }
    }

    /// <inheritdoc />
    public string Name => CrafterName;

    /// <inheritdoc />
    public ValueTask<CraftResult> CraftAsync(ScoredLead lead, SequenceStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(step);
        var tier = lead.Score.Tier.ToWireName();
        if (!_templates.TryGetValue(tier + ":" + step.TemplateKey, out var template)
            && !_templates.TryGetValue("default:" + step.TemplateKey, out template))
        {
            return ValueTask.FromResult(CraftResult.Refused(ReasonCode.TemplateMissing, $"no template for '{tier}:{step.TemplateKey}' or 'default:{step.TemplateKey}'"));
        }

        var person = lead.Lead.Lead;
        var values = new MergeValues(person, _options);
        if (!template.Subject.TryRender(values, out var subject, out var missing)
            || !template.Body.TryRender(values, out var body, out missing))
        {
            return ValueTask.FromResult(CraftResult.Refused(ReasonCode.MergeFieldMissing, $"merge field '{missing}' has no value and no fallback"));
        }

        if ((PlaceholderDetector.FindPlaceholder(subject) ?? PlaceholderDetector.FindPlaceholder(body)) is { } placeholder)
        {
            return ValueTask.FromResult(CraftResult.Refused(ReasonCode.Placeholder, $"rendered text contains a placeholder: {placeholder}"));
        }

        return ValueTask.FromResult(CraftResult.Success(new MessageDraft(lead, step, subject, body, CrafterName)));
    }

    private readonly struct MergeValues(Lead lead, CraftingOptions options)
    {
        public string? Get(string field) => field switch
        {
            "firstName" => lead.FirstName,
            "lastName" => lead.LastName,
            "fullName" => string.IsNullOrWhiteSpace(lead.FirstName) || string.IsNullOrWhiteSpace(lead.LastName) ? null : lead.FirstName + " " + lead.LastName,
            "title" => lead.Title,
            "company" => lead.Company?.Name,
            "industry" => lead.Company?.Industry,
            "senderName" => options.SenderName,
            "senderCompany" => options.SenderCompany,
            _ => null,
        };
    }

    private sealed record CompiledTemplate(ParsedTemplate Subject, ParsedTemplate Body);

    private sealed class ParsedTemplate(IReadOnlyList<Segment> segments, int literalLength)
    {
        public bool TryRender(MergeValues values, out string text, out string? missingField)
        {
            var builder = new StringBuilder(literalLength + 64);
            foreach (var segment in segments)
            {
                if (segment.Field is null)
                {
                    builder.Append(segment.Text);
                    continue;
                }

                var value = values.Get(segment.Field);
                if (string.IsNullOrWhiteSpace(value))
                {
                    if (segment.Text is null)
                    {
                        text = string.Empty;
                        missingField = segment.Field;
                        return false;
                    }

                    value = segment.Text;
                }

                builder.Append(value.Trim());
            }

            text = builder.ToString();
            missingField = null;
            return true;
        }
    }

    /// <summary>A literal (<see cref="Field"/> null) or a merge field with an optional fallback in <see cref="Text"/>.</summary>
    private readonly record struct Segment(string? Field, string? Text);

    private static class TemplateParser
    {
        public static ParsedTemplate Parse(string? template, string setting, List<string> errors)
        {
            template ??= string.Empty;
            var segments = new List<Segment>();
            var literal = 0;
            var position = 0;
            while (position < template.Length)
            {
                var open = template.IndexOf("{{", position, StringComparison.Ordinal);
                if (open < 0)
                {
                    segments.Add(new Segment(null, template[position..]));
                    literal += template.Length - position;
                    break;
                }

                if (open > position)
                {
                    segments.Add(new Segment(null, template[position..open]));
                    literal += open - position;
                }

                var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    errors.Add($"{setting}: '{{{{' at position {open} is not closed with '}}}}'.");
                    break;
                }

                var inner = template[(open + 2)..close];
                var bar = inner.IndexOf('|', StringComparison.Ordinal);
                var field = (bar < 0 ? inner : inner[..bar]).Trim();
                var fallback = bar < 0 ? null : inner[(bar + 1)..].Trim();
                if (!Fields.Contains(field, StringComparer.Ordinal))
                {
                    errors.Add($"{setting}: unknown merge field '{field}'. Known fields: {string.Join(", ", Fields)}.");
                }

                segments.Add(new Segment(field, fallback));
                position = close + 2;
            }

            return new ParsedTemplate(segments, literal);
        }
    }
}
