namespace Caio.State.Internal;

/// <summary>
/// Known byte offsets of record positions in one log file, so a read from position <c>p</c> seeks
/// close to it instead of scanning from the start.
/// </summary>
/// <remarks>
/// Only offsets of whole lines are recorded, and a log's whole lines never change (appends only add
/// after them; a torn tail is cut beyond them), so a checkpoint stays valid for the life of the file.
/// A checkpoint past the file's current length (the file was replaced by hand) is never used.
/// </remarks>
internal sealed class LogCheckpoints
{
    /// <summary>Every this many records an offset is kept.</summary>
    internal const int Stride = 1024;

    private readonly Lock _sync = new();
    private readonly List<long> _strideOffsets = [0];
    private long _lastPosition;
    private long _lastOffset;

    /// <summary>Records that the record at <paramref name="position"/> starts at byte <paramref name="offset"/>.</summary>
    public void Observe(long position, long offset)
    {
        lock (_sync)
        {
            if (position % Stride == 0 && position / Stride == _strideOffsets.Count)
            {
                _strideOffsets.Add(offset);
            }

            if (position > _lastPosition)
            {
                _lastPosition = position;
                _lastOffset = offset;
            }
        }
    }

    /// <summary>The known record start closest at or before <paramref name="position"/> within <paramref name="length"/> bytes.</summary>
    public (long Position, long Offset) Seek(long position, long length)
    {
        lock (_sync)
        {
            if (position >= _lastPosition && _lastOffset <= length)
            {
                return (_lastPosition, _lastOffset);
            }

            var k = (int)Math.Min(position / Stride, _strideOffsets.Count - 1);
            while (k > 0 && _strideOffsets[k] > length)
            {
                k--;
            }

            return (k * (long)Stride, _strideOffsets[k]);
        }
    }
}
