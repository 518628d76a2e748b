namespace Caio.Testing.Providers;

/// <summary>
/// Fault injection of a fake provider server. Rates are probabilities per request (0–1), drawn from a
/// seeded generator so a run can be repeated. Settable while the server runs.
/// </summary>
public sealed class FakeFaults
{
    private readonly Lock _gate = new();
    private Random _random = new(1);

    /// <summary>Delay added to every request.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Share of requests answered 503 before anything happens.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Share of side-effecting requests whose connection is cut after the side effect was recorded (the caller sees a transport error: outcome unknown).</summary>
    public double AbortAfterSideEffectRate { get; set; }

    /// <summary>Share of side-effecting requests that hang (up to <see cref="HangFor"/>) after the side effect was recorded: the caller times out.</summary>
    public double HangAfterSideEffectRate { get; set; }

    /// <summary>How long a hanging request waits before it answers. Default 30 s.</summary>
    public TimeSpan HangFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Share of answers that send their status, headers and the first byte of the body, then stall (up to
    /// <see cref="HangFor"/>) before the rest: the caller must time out reading the body (after any side effect).
    /// </summary>
    public double StalledBodyRate { get; set; }

    /// <summary>Share of successful answers whose body is replaced with malformed JSON (after any side effect).</summary>
    public double MalformedRate { get; set; }

    /// <summary>Every request is answered 404 "deprecated endpoint", as by a retired API.</summary>
    public bool Dead { get; set; }

    /// <summary>Reseeds the generator.</summary>
    /// <param name="seed">Seed.</param>
    public void Seed(int seed)
    {
        lock (_gate)
        {
            _random = new Random(seed);
        }
    }

    /// <summary>Turns every fault off.</summary>
    public void Clear()
    {
        Latency = TimeSpan.Zero;
        ServerErrorRate = AbortAfterSideEffectRate = HangAfterSideEffectRate = StalledBodyRate = MalformedRate = 0;
        Dead = false;
    }

    internal bool Roll(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        lock (_gate)
        {
            return _random.NextDouble() < rate;
        }
    }
}
