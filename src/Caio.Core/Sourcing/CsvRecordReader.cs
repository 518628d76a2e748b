using System.Text;

namespace Caio.Sourcing;

/// <summary>Reads RFC 4180 records (quoted fields, doubled quotes, line breaks inside quotes).</summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private readonly StringBuilder _field = new();
    private int _line = 1;

    public async ValueTask<IReadOnlyList<string>?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line is null)
        {
            return null;
        }

        var startLine = _line++;
        var fields = new List<string>();
        _field.Clear();
        var inQuotes = false;
        while (true)
        {
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            _field.Append('"');
                            i++;
                        }
                        else
                        {
                            inQuotes = false;
                        }
                    }
                    else
                    {
                        _field.Append(c);
                    }
                }
                else if (c == ',')
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

            if (!inQuotes)
            {
                break;
            }

            line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new LeadImportException($"CSV record starting on line {startLine} has an unterminated quoted field.");
            _line++;
            _field.Append('\n');
        }

        fields.Add(_field.ToString());
        return fields;
    }
}
