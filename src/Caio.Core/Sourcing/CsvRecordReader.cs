using System.Globalization;
using System.Text;

namespace Caio.Sourcing;

/// <summary>
/// Reads RFC 4180 records (quoted fields, doubled quotes, line breaks inside quotes) with a bound on
/// the record's length: it never holds more than <c>maxRecordChars</c> characters of one record.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, int maxRecordChars = LeadFileLimits.MaxRecordBytes, char delimiter = ',')
{
    private readonly StringBuilder _field = new();
    private readonly char[] _buffer = new char[16 * 1024];
    private int _position;
    private int _length;
    private int _line = 1;

    /// <summary>The line (1-based) the last record returned started on.</summary>
    public int RecordLine { get; private set; }

    public async ValueTask<IReadOnlyList<string>?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_position == _length && !await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        RecordLine = _line;
        var fields = new List<string>();
        _field.Clear();
        var inQuotes = false;
        var characters = 0;
        while (true)
        {
            if (_position == _length && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (inQuotes)
                {
                    throw new LeadImportException(string.Create(CultureInfo.InvariantCulture, $"the record starting on line {RecordLine} has an unterminated quoted field"));
                }

                fields.Add(_field.ToString());
                return fields;
            }

            var c = _buffer[_position++];
            if (++characters > maxRecordChars)
            {
                throw new LeadImportException(string.Create(CultureInfo.InvariantCulture, $"the record starting on line {RecordLine} is longer than {maxRecordChars:N0} characters (the limit per record); the file is refused"));
            }

            if (c == '\r')
            {
                continue;
            }

            if (c == '\n')
            {
                _line++;
                if (!inQuotes)
                {
                    fields.Add(_field.ToString());
                    return fields;
                }

                _field.Append('\n');
            }
            else if (inQuotes)
            {
                if (c != '"')
                {
                    _field.Append(c);
                }
                else if ((_position < _length || await FillAsync(cancellationToken).ConfigureAwait(false)) && _buffer[_position] == '"')
                {
                    _field.Append('"');
                    _position++;
                    characters++;
                }
                else
                {
                    inQuotes = false;
                }
            }
            else if (c == delimiter)
            {
                fields.Add(_field.ToString());
                _field.Clear();
            }
            else if (c == '"' && _field.Length == 0)
            {
                inQuotes = true;
            }
            else
            {
                _field.Append(c);
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _position = 0;
        _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return _length > 0;
    }
}
