namespace Caio.AspNetCore.Smoke;

/// <summary>What <c>smoke auth</c> checks.</summary>
public sealed record AuthSmokeOptions
{
    /// <summary>The deployment, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The dashboard token.</summary>
    public required string Token { get; init; }

    /// <summary>Whether <c>?token=</c> is expected to be accepted (the contract scripts' default: true).</summary>
    public bool ExpectQueryTokenEnabled { get; init; } = true;

    /// <summary>Seconds between the two pending-email reads whose <c>refreshed_at</c> must differ.</summary>
    public TimeSpan RefreshWait { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);
}
