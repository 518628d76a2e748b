using Caio.Engagement;

namespace Caio.AspNetCore.Webhooks;

/// <summary>Parses one provider's raw webhook body into an engagement event (a provider package's parser, e.g. <c>InstantlyWebhookParser.Parse</c>).</summary>
/// <param name="payload">The raw request body.</param>
/// <returns>The event, an ignored type, or a rejection with its reason.</returns>
[System.Diagnostics.CodeAnalysis.Experimental(Caio.Diagnostics.Experiments.WebApiExtensionPoints)]
public delegate WebhookParseResult WebhookPayloadParser(ReadOnlySpan<byte> payload);
