namespace Caio.State;

/// <summary>
/// One counter of a group reservation (<see cref="IStateStore.ReserveCountersAsync"/>): the counter is
/// incremented by one only when it stays within <paramref name="Limit"/>.
/// </summary>
/// <param name="Key">Counter key, typically including its window, e.g. <c>cap:email:daily:2026-11-22</c>.</param>
/// <param name="Limit">Upper bound the counter may reach.</param>
/// <param name="ExpiresAt">Expiry of the window, applied when the reservation creates the counter.</param>
[System.Diagnostics.CodeAnalysis.Experimental(Caio.Diagnostics.Experiments.StateGroupPrimitives)]
public readonly record struct CounterReservation(string Key, long Limit, DateTimeOffset? ExpiresAt);
