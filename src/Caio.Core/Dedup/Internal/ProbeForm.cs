namespace Caio.Dedup.Internal;

/// <summary>What <see cref="EmailCanonicalizer.WriteProbe"/> decided about an address.</summary>
internal enum ProbeForm
{
    /// <summary>The address lower-cased was written: found among canonical keys exactly when it is valid and present.</summary>
    Written,

    /// <summary>No canonical key can match: the address is empty.</summary>
    NeverContained,

    /// <summary>The address needs the full normalization (not ASCII, longer than any ASCII address, or an alias the options fold).</summary>
    NeedsFullPath,
}
