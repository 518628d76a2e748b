namespace Caio.Safety;

/// <summary>How the chain evaluates a send.</summary>
public enum EvaluationMode
{
    /// <summary>Stop at the first denial or deferral; reserve what allowing guards hold.</summary>
    Enforce = 0,

    /// <summary>
    /// Run every guard and reserve nothing, so a dry run can report every reason a send would be
    /// refused, not only the first.
    /// </summary>
    DryRun,
}
