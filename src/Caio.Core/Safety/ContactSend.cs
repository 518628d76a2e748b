using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Leads;
using Caio.Safety.Internal;
using Caio.State;

namespace Caio.Safety;

/// <summary>One recorded send.</summary>
/// <param name="Step">Sequence step.</param>
/// <param name="Channel">Channel.</param>
/// <param name="Provider">Provider (e.g. <c>ghl</c> for a legacy <c>sent_via_ghl</c> record).</param>
/// <param name="At">When it was recorded.</param>
public sealed record ContactSend(int Step, Channel Channel, string? Provider, DateTimeOffset At);
