using System.IO.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace Caio.Core.Tests.State;

/// <summary>
/// A file stream factory whose path-based overloads all funnel into one
/// <see cref="Create(string, FileMode, FileAccess, FileShare, int, FileOptions)"/>, so a fault-injecting
/// file system intercepts every stream the store opens in one place. Handle-based overloads are not
/// used by the store and are refused.
/// </summary>
internal abstract class InterceptingStreamFactory : IFileStreamFactory
{
    public abstract Stream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options);

    public Stream Create(string path, FileMode mode) => Create(path, mode, mode == FileMode.Append ? FileAccess.Write : FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.None);

    public Stream Create(string path, FileMode mode, FileAccess access) => Create(path, mode, access, FileShare.Read, 4096, FileOptions.None);

    public Stream Create(string path, FileMode mode, FileAccess access, FileShare share) => Create(path, mode, access, share, 4096, FileOptions.None);

    public Stream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize) => Create(path, mode, access, share, bufferSize, FileOptions.None);

    public Stream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, bool useAsync) =>
        Create(path, mode, access, share, bufferSize, useAsync ? FileOptions.Asynchronous : FileOptions.None);

    public Stream Create(SafeFileHandle handle, FileAccess access) => throw new NotSupportedException();

    public Stream Create(SafeFileHandle handle, FileAccess access, int bufferSize) => throw new NotSupportedException();

    public Stream Create(SafeFileHandle handle, FileAccess access, int bufferSize, bool isAsync) => throw new NotSupportedException();

    [Obsolete("Obsolete in the interface.")]
    public Stream Create(IntPtr handle, FileAccess access) => throw new NotSupportedException();

    [Obsolete("Obsolete in the interface.")]
    public Stream Create(IntPtr handle, FileAccess access, bool ownsHandle) => throw new NotSupportedException();

    [Obsolete("Obsolete in the interface.")]
    public Stream Create(IntPtr handle, FileAccess access, bool ownsHandle, int bufferSize) => throw new NotSupportedException();

    [Obsolete("Obsolete in the interface.")]
    public Stream Create(IntPtr handle, FileAccess access, bool ownsHandle, int bufferSize, bool isAsync) => throw new NotSupportedException();
}
