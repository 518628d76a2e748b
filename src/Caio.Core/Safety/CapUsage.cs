using System.Buffers.Text;
using Caio.Leads;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>Usage of one cap window.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Window"><c>monthly</c>, <c>daily</c>, <c>hourly</c>, <c>domain_hourly</c> or <c>mailbox_daily</c>.</param>
/// <param name="Scope">The domain or mailbox for scoped windows.</param>
/// <param name="Used">Sends counted in the window.</param>
/// <param name="Limit">The cap, or <see langword="null"/> when switched off.</param>
/// <param name="WindowEnd">When the window ends and the count starts again.</param>
public sealed record CapUsage(Channel Channel, string Window, string? Scope, long Used, int? Limit, DateTimeOffset WindowEnd);
