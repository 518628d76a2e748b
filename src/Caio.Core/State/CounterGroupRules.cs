namespace Caio.State.Internal;

/// <summary>The argument rules of the group counter primitives, shared by every backend.</summary>
internal static class CounterGroupRules
{
    /// <summary>Validates a group reservation: valid, distinct keys and non-negative limits.</summary>
    public static void ValidateCounters(ReadOnlySpan<CounterReservation> counters, string paramName)
    {
        for (var i = 0; i < counters.Length; i++)
        {
            var key = counters[i].Key;
            StateKeys.Validate(key, paramName);
            if (counters[i].Limit < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, counters[i].Limit, $"The limit of counter '{key}' is negative.");
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(counters[j].Key, key, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Counter '{key}' appears twice in one reservation.", paramName);
                }
            }
        }
    }

    /// <summary>Validates a group release: valid, distinct keys.</summary>
    public static void ValidateKeys(ReadOnlySpan<string> keys, string paramName)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            StateKeys.Validate(keys[i], paramName);
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(keys[j], keys[i], StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Counter '{keys[i]}' appears twice in one release.", paramName);
                }
            }
        }
    }
}
