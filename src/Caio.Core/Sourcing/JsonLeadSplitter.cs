using System.Globalization;
using System.Text.Json;
using Caio.Leads;

namespace Caio.Sourcing;

/// <summary>
/// Splits a JSON array of leads into its elements without ever holding more than about
/// <see cref="LeadFileLimits.MaxRecordBytes"/> of one element, so lead numbers are exact (1-based,
/// the element's index + 1) and an oversized element refuses the file instead of exhausting memory.
/// </summary>
internal sealed class JsonLeadSplitter(string origin)
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private JsonReaderState _state = new(ReaderOptions);
    private int _readerOffset;
    private int _elementStart = -1;
    private int _elementLine;
    private int _scanTo;
    private long _scanLines;
    private int _count;
    private bool _started;

    public bool Done { get; private set; }

    /// <summary>
    /// Parses what <paramref name="buffer"/> holds, adding completed leads to <paramref name="results"/>;
    /// returns how many bytes at the front of the buffer are no longer needed.
    /// </summary>
    public int Parse(byte[] buffer, int length, bool final, List<LeadFileRecord> results)
    {
        var offset = _readerOffset;
        var reader = new Utf8JsonReader(buffer.AsSpan(offset, length - offset), final, _state);
        try
        {
            while (!Done && reader.Read())
            {
                var depth = reader.CurrentDepth;
                var type = reader.TokenType;
                if (!_started)
                {
                    if (type != JsonTokenType.StartArray)
                    {
                        throw new LeadImportException($"{origin}: expected a JSON array of leads ('[' at the start).");
                    }

                    _started = true;
                }
                else if (depth == 0)
                {
                    Done = type == JsonTokenType.EndArray;
                }
                else if (depth == 1 && type == JsonTokenType.StartObject)
                {
                    _elementStart = offset + (int)reader.TokenStartIndex;
                    _elementLine = (int)LineAt(buffer, _elementStart);
                }
                else if (depth == 1 && type == JsonTokenType.EndObject)
                {
                    var end = offset + (int)reader.BytesConsumed;
                    results.Add(Complete(buffer.AsSpan(_elementStart, end - _elementStart)));
                    _elementStart = -1;
                }
                else if (depth == 1)
                {
                    var number = ++_count;
                    throw new LeadImportException(type == JsonTokenType.Null
                        ? string.Create(CultureInfo.InvariantCulture, $"{origin}: lead #{number} is null; expected an object.")
                        : string.Create(CultureInfo.InvariantCulture, $"{origin}: lead #{number} is not an object."));
                }
            }
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? string.Create(CultureInfo.InvariantCulture, $", line {l + 1}") : string.Empty;
            throw new LeadImportException(string.Create(CultureInfo.InvariantCulture, $"{origin}: lead #{_count + 1} ($[{_count}]{line}): {Detail(ex)}"), ex);
        }

        var consumed = offset + (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        var discard = _elementStart >= 0 ? _elementStart : consumed;
        if (!Done && length - discard > LeadFileLimits.MaxRecordBytes)
        {
            throw new LeadImportException(string.Create(
                CultureInfo.InvariantCulture,
                $"{origin}: {LeadFileLimits.Describe(_count + 1, $"line {(_elementStart >= 0 ? _elementLine : LineAt(buffer, consumed))}", FindEmail(buffer.AsSpan(discard, length - discard)))}: the record is larger than {LeadFileLimits.MaxRecordBytes:N0} bytes (the limit per record); the file is refused."));
        }

        if (final && !Done)
        {
            throw new LeadImportException(string.Create(CultureInfo.InvariantCulture, $"{origin}: the file ends inside lead #{_count + 1}; expected the array to be closed with ']'."));
        }

        LineAt(buffer, discard);
        _scanTo -= discard;
        _readerOffset = consumed - discard;
        if (_elementStart >= 0)
        {
            _elementStart -= discard;
        }

        return discard;
    }

    private LeadFileRecord Complete(ReadOnlySpan<byte> element)
    {
        var number = ++_count;
        Lead lead;
        try
        {
            lead = JsonSerializer.Deserialize(element, LeadJsonContext.Default.Lead)!;
        }
        catch (JsonException ex)
        {
            var path = string.IsNullOrEmpty(ex.Path) ? string.Empty : " at $[" + (number - 1).ToString(CultureInfo.InvariantCulture) + "]" + ex.Path.TrimStart('$');
            var line = ex.LineNumber is { } l ? string.Create(CultureInfo.InvariantCulture, $" (line {_elementLine + l})") : string.Empty;
            throw new LeadImportException(string.Create(CultureInfo.InvariantCulture, $"{origin}: lead #{number}{path}{line}: {Detail(ex, element)}"), ex);
        }

        var subject = LeadFileLimits.Describe(number, string.Create(CultureInfo.InvariantCulture, $"$[{number - 1}], line {_elementLine}"), lead.Email);
        if (string.IsNullOrWhiteSpace(lead.Email))
        {
            throw new LeadImportException($"{origin}: {subject} has no 'email' (required).");
        }

        return LeadFileLimits.Check(lead) is { } reason ? new LeadFileRecord(null, reason, subject) : new LeadFileRecord(lead, null, subject);
    }

    /// <summary>The reader's message in the user's terms: never a .NET type name.</summary>
    private static string Detail(JsonException ex, ReadOnlySpan<byte> element = default)
    {
        var message = ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];
        if (!message.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal))
        {
            return message;
        }

        return LeadFieldProblem.Describe(element, ex.Path);
    }

    /// <summary>
    /// The 1-based line of a buffer position. Positions asked for only grow (element starts, then the
    /// discard point), so every byte is scanned for line breaks once.
    /// </summary>
    private long LineAt(byte[] buffer, int position)
    {
        if (position > _scanTo)
        {
            _scanLines += buffer.AsSpan(_scanTo, position - _scanTo).Count((byte)'\n');
            _scanTo = position;
        }

        return _scanLines + 1;
    }

    /// <summary>The <c>email</c> of a partly read element, when it is among the bytes held.</summary>
    private static string? FindEmail(ReadOnlySpan<byte> partial)
    {
        var reader = new Utf8JsonReader(partial, isFinalBlock: false, new JsonReaderState(ReaderOptions));
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && string.Equals(reader.GetString(), "email", StringComparison.OrdinalIgnoreCase))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            // Best effort only.
        }

        return null;
    }
}
