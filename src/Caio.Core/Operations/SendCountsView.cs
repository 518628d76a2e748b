using System.Text.Json.Serialization;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Hosting;
using Caio.Review;
using Caio.Safety;
using Microsoft.Extensions.Options;

namespace Caio.Operations;

/// <summary>Sends of one day as the ledger records them.</summary>
/// <param name="HandedToProvider">(Recipient, step) entries the provider accepted: final, never sent again.</param>
/// <param name="ConfirmedByProvider">Of those, the ones the provider has confirmed (a delivery event or a proof read).</param>
public sealed record SendCountsView(
    [property: JsonPropertyName("handedToProvider")] long HandedToProvider,
    [property: JsonPropertyName("confirmedByProvider")] long ConfirmedByProvider);
