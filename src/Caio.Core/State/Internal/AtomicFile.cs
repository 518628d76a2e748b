using System.IO.Abstractions;
using System.Security.Cryptography;

namespace Caio.State.Internal;

/// <summary>Whole-file reads and the write-temp, flush, rename protocol.</summary>
internal static class AtomicFile
{
    /// <summary>The suffix of temporary files; readers and listings ignore them.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>
    /// Reads a whole file, or <see langword="null"/> when it is definitely absent (see
    /// <see cref="ThrowUnlessAbsent"/>). Never flushes.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read, and is not definitely absent.</exception>
    public static byte[]? TryReadAll(IFileSystem fileSystem, string path)
    {
        // An absent key is found by TryOpenRead's probe, without an exception.
        if (TryOpenRead(fileSystem, path, FileOptions.None) is not { } stream)
        {
            return null;
        }

        using (stream)
        {
            var buffer = new byte[Math.Max(256, (int)Math.Min(stream.Length, int.MaxValue - 1) + 1)];
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = stream.Read(buffer, count, buffer.Length - count);
                if (read == 0)
                {
                    break;
                }

                count += read;
            }

            return count == buffer.Length ? buffer : buffer.AsSpan(0, count).ToArray();
        }
    }

    /// <summary>
    /// Opens a state file for reading, or <see langword="null"/> when it is definitely absent (see
    /// <see cref="ThrowUnlessAbsent"/>). Delete/ReadWrite sharing lets a writer append to the file, or
    /// replace it, while it is being read.
    /// </summary>
    /// <exception cref="IOException">The file cannot be opened, and is not definitely absent.</exception>
    public static Stream? TryOpenRead(IFileSystem fileSystem, string path, FileOptions options)
    {
        if (MissingFileProbe.IsMissing(fileSystem, path))
        {
            // Absent is the usual answer (an absent key, an index never written, a family without segments): no exception
            // for it; the "not found" error is only made if the state turns out to be broken.
            ThrowUnlessAbsent(fileSystem, path, notFound: null);
            return null;
        }

        try
        {
            return fileSystem.FileStream.Create(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, options);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            ThrowUnlessAbsent(fileSystem, path, (IOException)ex);
            return null;
        }
    }

    /// <summary>
    /// Decides whether an open that failed with "file or directory not found" means the file is
    /// <em>definitely absent</em>: walking up from its directory, every missing component must be
    /// missing (neither file nor directory) until an ancestor that exists as a directory. A component
    /// that exists as a file (ENOTDIR, which .NET reports like a missing directory), or no existing
    /// ancestor at all, means the state is broken, not empty: that is thrown as an
    /// <see cref="IOException"/> so every caller fails closed. <paramref name="notFound"/>, the error of the failed
    /// open, becomes its inner exception; <see langword="null"/> when the caller had none (an <c>access</c> probe),
    /// and then a "not found" error is made only if one is thrown.
    /// </summary>
    public static void ThrowUnlessAbsent(IFileSystem fileSystem, string path, IOException? notFound)
    {
        var directory = fileSystem.Path.GetDirectoryName(path);
        while (!string.IsNullOrEmpty(directory))
        {
            if (fileSystem.Directory.Exists(directory))
            {
                return;
            }

            if (fileSystem.File.Exists(directory))
            {
                throw new IOException($"State file {path} cannot be read: {directory} is a file, not a directory.", notFound ?? NotFound(path));
            }

            directory = fileSystem.Path.GetDirectoryName(directory);
        }

        throw new IOException($"State file {path} cannot be read: none of its directories exists.", notFound ?? NotFound(path));
    }

    private static FileNotFoundException NotFound(string path) => new($"Could not find file '{path}'.", path);

    /// <summary>
    /// Whether a state directory exists: <see langword="false"/> only when it is definitely absent;
    /// a path component that is a file throws (see <see cref="ThrowUnlessAbsent"/>).
    /// </summary>
    public static bool DirectoryExists(IFileSystem fileSystem, string directory)
    {
        if (fileSystem.Directory.Exists(directory))
        {
            return true;
        }

        ThrowUnlessAbsent(fileSystem, fileSystem.Path.Combine(directory, "_"), new DirectoryNotFoundException($"Directory {directory} was not found."));
        return false;
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/> atomically: a temporary file in the
    /// same directory is written, flushed to disk, closed and renamed over the target. A failure at any
    /// step leaves the target as it was.
    /// </summary>
    /// <remarks>
    /// The temporary file goes to <paramref name="tempDirectory"/> when given (on the same file system),
    /// so that a temporary file left by a crash lands in a directory whose lock holders sweep it.
    /// </remarks>
    public static void Write(IFileSystem fileSystem, string path, ReadOnlySpan<byte> content, bool flushToDisk, string? tempDirectory = null)
    {
        var suffix = "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + TempSuffix;
        var temp = tempDirectory is null ? path + suffix : fileSystem.Path.Combine(tempDirectory, fileSystem.Path.GetFileName(path) + suffix);
        try
        {
            Stream stream;
            try
            {
                stream = fileSystem.FileStream.Create(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            }
            catch (DirectoryNotFoundException)
            {
                fileSystem.Directory.CreateDirectory(fileSystem.Path.GetDirectoryName(temp)!);
                stream = fileSystem.FileStream.Create(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            }

            using (stream)
            {
                stream.Write(content);
                Flush(stream, flushToDisk);
            }

            fileSystem.File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(fileSystem, temp);
            throw;
        }
    }

    /// <summary>Flushes a stream, through to the storage device when asked.</summary>
    public static void Flush(Stream stream, bool flushToDisk)
    {
        if (flushToDisk && stream is FileStream fileStream)
        {
            fileStream.Flush(flushToDisk: true);
        }
        else
        {
            stream.Flush();
        }
    }

    /// <summary>Deletes temporary files left in <paramref name="directory"/> by a writer that crashed.</summary>
    /// <remarks>Call only while holding the lock that guards every write into the directory.</remarks>
    public static void SweepTemporaryFiles(IFileSystem fileSystem, string directory)
    {
        if (!fileSystem.Directory.Exists(directory))
        {
            return;
        }

        foreach (var temp in fileSystem.Directory.EnumerateFiles(directory, "*" + TempSuffix))
        {
            TryDelete(fileSystem, temp);
        }
    }

    private static void TryDelete(IFileSystem fileSystem, string path)
    {
        try
        {
            fileSystem.File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file is ignored by readers and swept later.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
