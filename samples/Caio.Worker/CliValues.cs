namespace Caio.Worker;

/// <summary>Checks of option values that answer in the user's terms: the option, the bad value, the allowed values.</summary>
internal static class CliValues
{
    public static string OneOf(string option, string value, IEnumerable<string> allowed)
    {
        var list = allowed.ToList();
        return list.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"{option}: '{value}' is not allowed. Expected one of: {string.Join(", ", list)}.");
    }

    public static int NotNegative(string option, int value) =>
        value >= 0 ? value : throw new UsageException($"{option}: '{value}' must be zero or positive.");
}
