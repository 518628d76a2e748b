namespace Caio.Testing.Providers;

/// <summary>One request a fake provider server received, for contract assertions.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path, without the query.</param>
/// <param name="Query">Query string, with its leading '?', or empty.</param>
/// <param name="Headers">Request headers (first value of each).</param>
/// <param name="Body">Request body as text.</param>
/// <param name="Status">Status the fake answered (0 when the connection was cut).</param>
public sealed record FakeRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, int Status);
