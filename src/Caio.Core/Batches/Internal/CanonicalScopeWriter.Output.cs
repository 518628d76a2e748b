using System.Security.Cryptography;

namespace Caio.Batches.Internal;

/// <summary>The output half of <see cref="CanonicalScopeWriter"/>: the canonical bytes in order.</summary>
internal sealed partial class CanonicalScopeWriter
{
    // Bytes collected before they are handed to the hash: well inside the second-level cache.
    private const int HashChunkSize = 32 * 1024;

    /// <summary>
    /// Writes the canonical form into <paramref name="output"/>. With a <paramref name="hash"/>, the bytes are
    /// streamed into it in chunks of about <see cref="HashChunkSize"/> (the output is emptied after each), so the
    /// whole form is never held in memory and each chunk is hashed while it is still in the cache.
    /// </summary>
    private void WriteTo(PooledUtf8Builder output, IncrementalHash? hash)
    {
        output.Append("{\"version\":"u8);
        output.AppendInt(FormatVersion);
        output.Append(",\"motion\":"u8);
        output.AppendJsonString(_motion);

        output.Append(",\"itemIds\":["u8);
        for (var i = 0; i < _itemCount; i++)
        {
            if (i > 0)
            {
                output.AppendByte((byte)',');
            }

            var fields = ItemStride * _itemOrder[i];
            output.Append(_records.Slice(_itemFields[fields + 2], _itemFields[fields + 3]));
            Flush(output, hash, force: false);
        }

        output.Append("],\"actions\":["u8);
        for (var i = 0; i < _actionCount; i++)
        {
            if (i > 0)
            {
                output.AppendByte((byte)',');
            }

            var fields = ActionStride * _actionOrder[i];
            output.Append(_records.Slice(_actionFields[fields + RecordStart], _actionFields[fields + RecordLength]));
            Flush(output, hash, force: false);
        }

        output.AppendByte((byte)']');
        if (_digestCount > 0)
        {
            output.Append(",\"contentDigests\":{"u8);
            var first = true;
            for (var i = 0; i < _itemCount; i++)
            {
                var item = _itemOrder[i];
                if (_itemDigests[item] is not { } digest)
                {
                    continue;
                }

                if (!first)
                {
                    output.AppendByte((byte)',');
                }

                first = false;
                var fields = ItemStride * item;
                output.Append(_records.Slice(_itemFields[fields + 2], _itemFields[fields + 3]));
                output.Append(":\""u8);
                output.AppendLowerAscii(digest);
                output.AppendByte((byte)'"');
                Flush(output, hash, force: false);
            }

            output.AppendByte((byte)'}');
        }

        if (_sandbox)
        {
            output.Append(",\"sandbox\":true"u8);
        }

        output.AppendByte((byte)'}');
        Flush(output, hash, force: true);
    }

    private static void Flush(PooledUtf8Builder output, IncrementalHash? hash, bool force)
    {
        if (hash is not null && (force || output.Length >= HashChunkSize))
        {
            hash.AppendData(output.WrittenSpan);
            output.Clear();
        }
    }
}
