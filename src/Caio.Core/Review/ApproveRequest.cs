using System.ComponentModel.DataAnnotations;
using Caio.Safety;

namespace Caio.Review;

/// <summary>An approval, optionally with edits and feedback.</summary>
/// <param name="Subject">Edited subject, or <see langword="null"/> to keep the draft's.</param>
/// <param name="Body">Edited body, or <see langword="null"/> to keep the draft's.</param>
/// <param name="Feedback">Free-text feedback for learning.</param>
public sealed record ApproveRequest(string? Subject = null, string? Body = null, string? Feedback = null);
