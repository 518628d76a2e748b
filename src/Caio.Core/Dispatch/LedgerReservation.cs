using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Caio.State;

namespace Caio.Dispatch;

/// <summary>Outcome of <see cref="SendLedger.ReserveAsync"/>.</summary>
/// <param name="Acquired">Whether this caller now owns the (recipient, step).</param>
/// <param name="Entry">The caller's reservation, or the existing entry.</param>
/// <param name="Version">The entry's version.</param>
public readonly record struct LedgerReservation(bool Acquired, LedgerEntry? Entry, long Version);

/// <summary>Source-generated JSON metadata for the ledger.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LedgerEntry))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
