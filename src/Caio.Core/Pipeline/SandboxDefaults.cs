using Caio.Leads;

namespace Caio.Pipeline;

/// <summary>Defaults of the sandbox mode.</summary>
public static class SandboxDefaults
{
    /// <summary>The fixed default seed of the sandbox generator.</summary>
    public const int Seed = 20_240_601;
}
