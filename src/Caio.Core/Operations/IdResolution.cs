namespace Caio.Operations;

/// <summary>The outcome of resolving an id or a unique id prefix (see <see cref="IdPrefixResolver"/>).</summary>
/// <param name="Input">What was given.</param>
/// <param name="Id">The full id, when exactly one matched.</param>
/// <param name="Candidates">The ids that start with the input, when several did (at most <see cref="IdPrefixResolver.MaxCandidates"/>).</param>
public sealed record IdResolution(string Input, string? Id, IReadOnlyList<string> Candidates)
{
    /// <summary>Whether exactly one id matched.</summary>
    public bool Found => Id is not null;

    /// <summary>Whether several ids start with the input.</summary>
    public bool Ambiguous => Id is null && Candidates.Count > 1;
}
