namespace OnionGroove.Core.IO;

/// <summary>Why <see cref="SafeFile"/> refused or failed to read a file.</summary>
public enum SafeReadFailure { None, Missing, Symlink, NotRegular, TooLarge, Denied, Io }

/// <summary>A refused or failed read: its kind (callers word a missing file differently) and a
/// message that names the path.</summary>
public sealed record SafeReadError(SafeReadFailure Kind, string Message)
{
    public override string ToString() => Message;
}

/// <summary>
/// Reads small files that may be hostile: a vault clone can hold a secret committed as a symlink
/// to /dev/zero (an endless read) and a key path can name a FIFO (an open that never returns).
/// The file is opened with O_NOFOLLOW|O_NONBLOCK, its type and size are checked on the open
/// descriptor (fstat), and at most the bound is read, so nothing can change between check and read.
/// </summary>
public static class SafeFile
{
    /// <summary>Reads <paramref name="path"/>: it must be a regular file of at most <paramref name="maxBytes"/>.
    /// With <paramref name="followLink"/> false a symlink as the last component is refused; with true
    /// it is followed, but what it points to must still be a regular file (never a device or FIFO).</summary>
    public static Result<byte[], SafeReadError> Read(string path, int maxBytes, bool followLink) =>
        TryRead(path, maxBytes, followLink, out var bytes, out var failure, out var error) ? bytes : new SafeReadError(failure, error);

    /// <summary>Reads <paramref name="root"/>/<paramref name="relative"/> ('/' separators) where no
    /// component below <paramref name="root"/> may be a symlink (a committed symlinked folder could
    /// otherwise point anywhere) and the file must be regular and at most <paramref name="maxBytes"/>.</summary>
    public static Result<byte[], SafeReadError> ReadBelow(string root, string relative, int maxBytes) =>
        TryReadBelow(root, relative, maxBytes, out var bytes, out var failure, out var error) ? bytes : new SafeReadError(failure, error);

    private static bool TryRead(string path, int maxBytes, bool followLink, out byte[] bytes, out SafeReadFailure failure, out string error)
    {
        if (!LinuxFiles.Available) return Fallback(path, null, maxBytes, followLink, out bytes, out failure, out error);
        var flags = LinuxFiles.ORdOnly | LinuxFiles.ONonBlock | LinuxFiles.ONoCtty | LinuxFiles.OCloExec | (followLink ? 0 : LinuxFiles.ONoFollow);
        var fd = LinuxFiles.OpenAt(LinuxFiles.AtFdCwd, path, flags, 0);
        if (fd < 0) return OpenFailed(path, LinuxFiles.LastError, out bytes, out failure, out error);
        return ReadOpen(fd, path, maxBytes, out bytes, out failure, out error);
    }

    private static bool TryReadBelow(string root, string relative, int maxBytes, out byte[] bytes, out SafeReadFailure failure, out string error)
    {
        var display = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p is "." or ".."))
        {
            bytes = [];
            failure = SafeReadFailure.Io;
            error = $"{display}: not a path inside {root}";
            return false;
        }
        if (!LinuxFiles.Available) return Fallback(display, (root, parts), maxBytes, false, out bytes, out failure, out error);
        var dir = LinuxFiles.OpenAt(LinuxFiles.AtFdCwd, root, LinuxFiles.ORdOnly | LinuxFiles.ODirectory | LinuxFiles.OCloExec, 0);
        if (dir < 0) return OpenFailed(root, LinuxFiles.LastError, out bytes, out failure, out error);
        var walked = root;
        try
        {
            foreach (var part in parts[..^1])
            {
                walked = Path.Combine(walked, part);
                var next = LinuxFiles.OpenAt(dir, part, LinuxFiles.ORdOnly | LinuxFiles.ODirectory | LinuxFiles.ONoFollow | LinuxFiles.OCloExec, 0);
                if (next < 0)
                {
                    var errno = LinuxFiles.LastError;
                    // O_DIRECTORY|O_NOFOLLOW on a symlink gives ENOTDIR or ELOOP depending on the kernel path.
                    if (errno == LinuxFiles.ENotDir && IsSymlink(walked)) errno = LinuxFiles.ELoop;
                    return OpenFailed(walked, errno, out bytes, out failure, out error);
                }
                LinuxFiles.Close(dir);
                dir = next;
            }
            var fd = LinuxFiles.OpenAt(dir, parts[^1],
                LinuxFiles.ORdOnly | LinuxFiles.ONonBlock | LinuxFiles.ONoCtty | LinuxFiles.OCloExec | LinuxFiles.ONoFollow, 0);
            if (fd < 0) return OpenFailed(display, LinuxFiles.LastError, out bytes, out failure, out error);
            return ReadOpen(fd, display, maxBytes, out bytes, out failure, out error);
        }
        finally { LinuxFiles.Close(dir); }
    }

    /// <summary>Human text for a limit, e.g. "64 KiB".</summary>
    public static string Size(long n) => n >= 1 << 20 && n % (1 << 20) == 0 ? $"{n >> 20} MiB" : n >= 1024 && n % 1024 == 0 ? $"{n >> 10} KiB" : $"{n} bytes";

    private static bool ReadOpen(int fd, string path, int maxBytes, out byte[] bytes, out SafeReadFailure failure, out string error)
    {
        bytes = [];
        try
        {
            if (!LinuxFiles.TryStat(fd, out var type, out var size))
                return Fail(SafeReadFailure.Io, $"{path}: cannot stat it (errno {LinuxFiles.LastError})", out failure, out error);
            if (type != LinuxFiles.SIfReg)
                return Fail(SafeReadFailure.NotRegular, $"{path} is {LinuxFiles.TypeName(type)}, not a regular file; refusing to read it", out failure, out error);
            if (size > maxBytes)
                return Fail(SafeReadFailure.TooLarge, $"{path} is {size} bytes, more than the {Size(maxBytes)} it may hold; refusing to read it", out failure, out error);
            var buffer = GC.AllocateArray<byte>((int)size, pinned: true);
            var n = LinuxFiles.ReadFully(fd, buffer);
            if (n < 0)
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
                return Fail(SafeReadFailure.Io, $"{path}: read failed (errno {LinuxFiles.LastError})", out failure, out error);
            }
            bytes = n == buffer.Length ? buffer : buffer[..n];
            if (n != buffer.Length) System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
            failure = SafeReadFailure.None;
            error = "";
            return true;
        }
        finally { LinuxFiles.Close(fd); }
    }

    private static bool OpenFailed(string path, int errno, out byte[] bytes, out SafeReadFailure failure, out string error)
    {
        bytes = [];
        return errno switch
        {
            LinuxFiles.ELoop => Fail(SafeReadFailure.Symlink, $"{path} is a symbolic link; refusing to follow it", out failure, out error),
            LinuxFiles.ENoEnt => Fail(SafeReadFailure.Missing, $"{path}: no such file", out failure, out error),
            LinuxFiles.ENotDir => Fail(SafeReadFailure.NotRegular, $"{path}: a component of the path is not a folder", out failure, out error),
            LinuxFiles.EAccess => Fail(SafeReadFailure.Denied, $"{path}: permission denied", out failure, out error),
            // A FIFO with O_NONBLOCK opens fine; ENXIO is a socket or a device without a reader.
            LinuxFiles.ENxIo => Fail(SafeReadFailure.NotRegular, $"{path} is not a regular file; refusing to read it", out failure, out error),
            _ => Fail(SafeReadFailure.Io, $"{path}: cannot open it (errno {errno})", out failure, out error),
        };
    }

    private static bool IsSymlink(string path)
    {
        try { return new FileInfo(path).LinkTarget is not null; }
        catch (IOException) { return false; }
    }

    /// <summary>Off Linux: the same refusals checked by path (a race with a concurrent swap is
    /// possible there, and a FIFO is only caught once opened).</summary>
    private static bool Fallback(string path, (string Root, string[] Parts)? below, int maxBytes, bool followLink,
        out byte[] bytes, out SafeReadFailure failure, out string error)
    {
        bytes = [];
        if (below is { } b)
        {
            var walked = b.Root;
            foreach (var part in b.Parts)
            {
                walked = Path.Combine(walked, part);
                if (IsSymlink(walked)) return Fail(SafeReadFailure.Symlink, $"{walked} is a symbolic link; refusing to follow it", out failure, out error);
            }
        }
        else if (!followLink && IsSymlink(path)) return Fail(SafeReadFailure.Symlink, $"{path} is a symbolic link; refusing to follow it", out failure, out error);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return Fail(Directory.Exists(path) ? SafeReadFailure.NotRegular : SafeReadFailure.Missing,
                Directory.Exists(path) ? $"{path} is a directory, not a regular file" : $"{path}: no such file", out failure, out error);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > maxBytes)
                return Fail(SafeReadFailure.TooLarge, $"{path} is {stream.Length} bytes, more than the {Size(maxBytes)} it may hold; refusing to read it", out failure, out error);
            bytes = new byte[stream.Length];
            var n = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (n != bytes.Length) bytes = bytes[..n];
            failure = SafeReadFailure.None;
            error = "";
            return true;
        }
        catch (UnauthorizedAccessException) { return Fail(SafeReadFailure.Denied, $"{path}: permission denied", out failure, out error); }
        catch (IOException e) { return Fail(SafeReadFailure.Io, $"{path}: {e.Message}", out failure, out error); }
    }

    private static bool Fail(SafeReadFailure kind, string message, out SafeReadFailure failure, out string error)
    {
        failure = kind;
        error = message;
        return false;
    }
}
