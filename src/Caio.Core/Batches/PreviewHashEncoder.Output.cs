using Caio.Leads;

namespace Caio.Batches.Internal;

/// <summary>The output half of <see cref="PreviewHashEncoder"/>: the canonical bytes, in order, in one pass.</summary>
internal sealed partial class PreviewHashEncoder
{
    // Fixed bytes of one action record besides its id and email, with room for two integers and a comma.
    private const int ActionRecordOverhead = 96;

    private void WriteTo(PreviewHashChunkWriter output)
    {
        output.Write("{\"version\":"u8);
        output.WriteInt(FormatVersion);
        output.Write(",\"motion\":"u8);
        output.WriteJsonString(_scope.Motion.ToWireName()); // The motion's wire name.

        output.Write(",\"itemIds\":["u8);
        for (var i = 0; i < _itemCount; i++)
        {
            if (i > 0)
            {
                output.WriteByte((byte)',');
            }

            output.WriteJsonString(_itemIds[_itemOrder[i]]);
        }

        output.Write("],\"actions\":["u8);
        for (var i = 0; i < _actionCount; i++)
        {
            ref readonly var action = ref _actions[_actionOrder[i]];
            var id = action.Id;
            var email = _emails.AsSpan(action.EmailStart, action.EmailLength);
            var destination = output.Reserve(PreviewHashJsonText.MaxStringBytes(id.Length) + email.Length + ActionRecordOverhead);
            var position = 0;
            if (i > 0)
            {
                destination[position++] = (byte)',';
            }

            position += Copy("{\"actionId\":"u8, destination[position..]);
            position += PreviewHashJsonText.WriteString(id, destination[position..]);
            position += Copy(",\"email\":"u8, destination[position..]);
            position += Copy(email, destination[position..]);
            position += Copy(action.Channel == Channel.Email ? ",\"channel\":\"email\",\"step\":"u8 : ",\"channel\":\"linkedin\",\"step\":"u8, destination[position..]);
            action.Step.TryFormat(destination[position..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            position += written;
            position += Copy(",\"day\":"u8, destination[position..]);
            action.Day.TryFormat(destination[position..], out written, default, System.Globalization.CultureInfo.InvariantCulture);
            position += written;
            destination[position++] = (byte)'}';
            output.Advance(position);
        }

        output.WriteByte((byte)']');
        if (_digestCount > 0)
        {
            WriteDigests(output);
        }

        if (_scope.Sandbox)
        {
            output.Write(",\"sandbox\":true"u8);
        }

        output.WriteByte((byte)'}');
    }

    private void WriteDigests(PreviewHashChunkWriter output)
    {
        output.Write(",\"contentDigests\":{"u8);
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
                output.WriteByte((byte)',');
            }

            first = false;
            output.WriteJsonString(_itemIds[item]);
            output.Write(":\""u8);
            var destination = output.Reserve(digest.Length + 1);
            for (var k = 0; k < digest.Length; k++)
            {
                var c = digest[k];
                destination[k] = (byte)(c is >= 'A' and <= 'Z' ? c | 0x20 : c);
            }

            destination[digest.Length] = (byte)'"';
            output.Advance(digest.Length + 1);
        }

        output.WriteByte((byte)'}');
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
