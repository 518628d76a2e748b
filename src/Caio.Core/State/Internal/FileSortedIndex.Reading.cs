using System.Buffers;
using System.IO.Abstractions;
using System.Text.Json;

namespace Caio.State.Internal;

/// <summary>Reading the snapshot and the journal into this instance's copy.</summary>
internal sealed partial class FileSortedIndex
{
    private (long Generation, Dictionary<string, double> Members) ReadSnapshot()
    {
        var bytes = AtomicFile.TryReadAll(_fileSystem, _snapshotPath);
        if (bytes is null)
        {
            return (0, new Dictionary<string, double>(StringComparer.Ordinal));
        }

        IndexDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, FileStateJsonContext.Default.IndexDocument);
        }
        catch (JsonException ex)
        {
            throw RecordDocument.Corrupt(_snapshotPath, ex);
        }

        if (document?.Members is null || document.Generation < 0 || !string.Equals(document.Name, _name, StringComparison.Ordinal))
        {
            throw RecordDocument.Corrupt(_snapshotPath);
        }

        foreach (var score in document.Members.Values)
        {
            if (double.IsNaN(score))
            {
                throw RecordDocument.Corrupt(_snapshotPath);
            }
        }

        return (document.Generation, document.Members);
    }

    /// <summary>
    /// The snapshot's generation (0 when there is none), read from the head of the document: snapshots are
    /// written with <c>generation</c> before <c>members</c>, and a document whose members come first is in the
    /// single-document format, which is generation 0.
    /// </summary>
    private long ReadSnapshotGeneration()
    {
        if (AtomicFile.TryOpenRead(_fileSystem, _snapshotPath, FileOptions.None) is not { } stream)
        {
            return 0;
        }

        using (stream)
        {
            var length = stream.Length;
            var buffer = ArrayPool<byte>.Shared.Rent(512);
            try
            {
                var count = 0;
                while (true)
                {
                    var read = stream.Read(buffer, count, buffer.Length - count);
                    count += read;
                    var final = read == 0 || count >= length;
                    if (TryParseGeneration(buffer.AsSpan(0, count), final, out var generation))
                    {
                        return generation;
                    }

                    if (final)
                    {
                        throw RecordDocument.Corrupt(_snapshotPath);
                    }

                    if (count == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                throw RecordDocument.Corrupt(_snapshotPath, ex);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Finds the top-level <c>generation</c> in a snapshot's head; false when more bytes are needed.</summary>
    private static bool TryParseGeneration(ReadOnlySpan<byte> head, bool isFinalBlock, out long generation)
    {
        generation = 0;
        var reader = new Utf8JsonReader(head, isFinalBlock, default);
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("A snapshot is a JSON object.");
        }

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                // No generation and no members before the end: generation 0 (validated on a full read).
                return true;
            }

            var isGeneration = reader.ValueTextEquals("generation"u8);
            var isMembers = reader.ValueTextEquals("members"u8);
            if (isMembers)
            {
                // Members before any generation: the single-document format.
                return true;
            }

            if (!reader.Read())
            {
                return false;
            }

            if (isGeneration)
            {
                generation = reader.GetInt64();
                return true;
            }

            if (!reader.TrySkip())
            {
                return false;
            }
        }

        return false;
    }

    private Stream? OpenJournalForRead()
    {
        // A writer may append, and a compaction may rename over it, meanwhile.
        return AtomicFile.TryOpenRead(_fileSystem, _journalPath, FileOptions.None);
    }

    /// <summary>Reads the header line: the journal's generation and the header's length with its line break.</summary>
    private (long Generation, long Length) ReadHeader(Stream journal)
    {
        journal.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(512);
        try
        {
            var count = 0;
            while (true)
            {
                var newline = buffer.AsSpan(0, count).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    try
                    {
                        var (generation, index) = IndexJournalFormat.ParseHeader(buffer.AsSpan(0, newline));
                        if (!string.Equals(index, _name, StringComparison.Ordinal))
                        {
                            throw Corrupt(_journalPath, "the header names another index");
                        }

                        return (generation, newline + 1);
                    }
                    catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
                    {
                        throw Corrupt(_journalPath, "unreadable header", ex);
                    }
                }

                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = journal.Read(buffer, count, buffer.Length - count);
                if (read == 0)
                {
                    // Journals are created whole (header included) by an atomic rename.
                    throw Corrupt(_journalPath, "the header line is incomplete");
                }

                count += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Applies every whole line from <paramref name="from"/> on. Bytes after the last line break are a
    /// torn or in-flight append and are left for later.
    /// </summary>
    private void ReadLines(Stream journal, long from)
    {
        journal.Position = from;
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunk);
        try
        {
            int start = 0, end = 0;
            while (true)
            {
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                else if (end == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = journal.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    return;
                }

                end += read;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', start, end - start)) >= 0)
                {
                    ApplyLine(buffer.AsSpan(start, newline - start));
                    _journalLength += newline - start + 1;
                    _journalLines++;
                    start = newline + 1;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ApplyLine(ReadOnlySpan<byte> line)
    {
        (IndexJournalOp Op, string Member, double Score) parsed;
        try
        {
            parsed = IndexJournalFormat.ParseLine(line);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw Corrupt(_journalPath, $"unreadable line at byte {_journalLength}", ex);
        }

        if (parsed.Op == IndexJournalOp.Add)
        {
            SetMember(parsed.Member, parsed.Score);
        }
        else
        {
            RemoveMember(parsed.Member);
        }
    }

    private void SetMember(string member, double score)
    {
        if (_members.TryGetValue(member, out var current))
        {
            _ordered?.Remove(new IndexEntry(member, current));
        }

        _members[member] = score;
        _ordered?.Add(new IndexEntry(member, score));
    }

    private void RemoveMember(string member)
    {
        if (_members.Remove(member, out var current))
        {
            _ordered?.Remove(new IndexEntry(member, current));
        }
    }
}
