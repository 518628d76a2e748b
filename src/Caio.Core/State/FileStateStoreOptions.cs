using System.ComponentModel.DataAnnotations;

namespace Caio.State;

/// <summary>Options of the <see cref="FileStateStore"/>.</summary>
public sealed class FileStateStoreOptions
{
    /// <summary>
    /// The state directory, absolute or relative to the current directory. Every process that shares
    /// state must point at the same directory on a local file system. Default <c>.caio</c>.
    /// </summary>
    [Required]
    public string Directory { get; set; } = ".caio";

    /// <summary>
    /// Whether every write is flushed to the storage device (<c>fsync</c>) before it becomes visible.
    /// Default <see langword="true"/>. Turning it off keeps atomicity (a reader still sees the old
    /// or the new record) but a power loss may lose recent writes.
    /// </summary>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>
    /// How long an operation waits for another process's lock on the same family before it fails
    /// with a <see cref="TimeoutException"/>. Measured in real (wall-clock) time. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
