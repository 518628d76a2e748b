using System.IO.Abstractions;
using System.Runtime.InteropServices;

namespace Caio.State.Internal;

/// <summary>
/// Tells, without an exception, that a file does not exist: <c>access(path, F_OK)</c> failing with
/// <c>ENOENT</c>. A bulk import checks two absent keys per lead; opening them threw two
/// <see cref="FileNotFoundException"/>s per lead, which cost more CPU than the rest of the write.
/// </summary>
/// <remarks>
/// Only on Linux with the real file system; anything other than <c>ENOENT</c> (<c>ENOTDIR</c>, a
/// permission error, …) answers "not known", so the caller opens the file as before and gets the same
/// error or absence it always did.
/// </remarks>
internal static class MissingFileProbe
{
    private const int FileExists = 0;
    private const int NoSuchFile = 2;

    /// <summary>True only when the file is known not to exist (its directory may be missing too).</summary>
    public static bool IsMissing(IFileSystem fileSystem, string path)
    {
        if (!OperatingSystem.IsLinux() || fileSystem is not FileSystem)
        {
            return false;
        }

        return NativeMethods.Access(path, FileExists) != 0 && Marshal.GetLastPInvokeError() == NoSuchFile;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "access", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Access(string path, int mode);
    }
}
