using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>One step of an outreach sequence.</summary>
/// <param name="Step">1-based position in the sequence.</param>
/// <param name="Day">Day on which the step is due, counted from day 1.</param>
/// <param name="Channel">Channel of the step.</param>
/// <param name="TemplateKey">Template that renders the step.</param>
public sealed record SequenceStep(int Step, int Day, Channel Channel, string TemplateKey);
