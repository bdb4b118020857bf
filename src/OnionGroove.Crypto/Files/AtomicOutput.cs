using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace OnionGroove.Crypto.Files;

/// <summary>
/// Writes a file so that it appears only once complete and nothing is left behind if the process
/// dies while writing (a half-written decrypt output is plaintext). On Linux the data goes into
/// an O_TMPFILE, which has no name and vanishes with the process, and is linked into place at the
/// end (linkat through /proc/self/fd, open(2) "O_TMPFILE"). Elsewhere, or on a filesystem without
/// O_TMPFILE, it goes into <c>.NAME.PID.RANDOM.tmp</c> beside the target, and the next write to the
/// same target deletes such files whose process is gone.
/// </summary>
public static class AtomicOutput
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="path"/> (created 0600, or replaced) with what
    /// <paramref name="write"/> produces; <paramref name="sync"/> flushes to disk before it appears.</summary>
    public static void Write(string path, Action<Stream> write, bool sync)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        SweepStale(dir, Path.GetFileName(full));
        if (LinuxFiles.Available && TryUnnamed(dir, full, write, sync)) return;
        Named(dir, full, write, sync);
    }

    /// <summary>False when the filesystem has no O_TMPFILE (then nothing was written).</summary>
    private static bool TryUnnamed(string dir, string full, Action<Stream> write, bool sync)
    {
        var fd = LinuxFiles.OpenAt(LinuxFiles.AtFdCwd, dir, LinuxFiles.OTmpFile | LinuxFiles.OWrOnly | LinuxFiles.OCloExec, 0x180);
        if (fd < 0)
        {
            var errno = LinuxFiles.LastError;
            if (errno is LinuxFiles.EOpNotSupp or LinuxFiles.EIsDir or LinuxFiles.EInval) return false;
            throw new IOException($"{full}: cannot create a temporary file in {dir} (errno {errno})");
        }
        // The stream owns the descriptor; it stays open until the file has its name.
        using var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write);
        write(stream);
        stream.Flush(flushToDisk: sync);
        var self = $"/proc/self/fd/{fd}";
        if (LinuxFiles.LinkAt(LinuxFiles.AtFdCwd, self, LinuxFiles.AtFdCwd, full, LinuxFiles.AtSymlinkFollow) == 0) return true;
        if (LinuxFiles.LastError != LinuxFiles.EExist)
            throw new IOException($"{full}: cannot link the finished file into place (errno {LinuxFiles.LastError})");
        // Replacing an existing file: give it a name for the instant before the rename.
        var temp = TempName(dir, Path.GetFileName(full));
        if (LinuxFiles.LinkAt(LinuxFiles.AtFdCwd, self, LinuxFiles.AtFdCwd, temp, LinuxFiles.AtSymlinkFollow) != 0)
            throw new IOException($"{full}: cannot link the finished file into place (errno {LinuxFiles.LastError})");
        try { File.Move(temp, full, overwrite: true); }
        finally { if (File.Exists(temp)) File.Delete(temp); }
        return true;
    }

    private static void Named(string dir, string full, Action<Stream> write, bool sync)
    {
        var temp = TempName(dir, Path.GetFileName(full));
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = Private;
            using (var f = new FileStream(temp, options))
            {
                write(f);
                f.Flush(flushToDisk: sync);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static string TempName(string dir, string name) =>
        Path.Combine(dir, $".{name}.{Environment.ProcessId}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");

    /// <summary>Deletes <c>.NAME.PID.RANDOM.tmp</c> files left by processes that no longer run.</summary>
    private static void SweepStale(string dir, string name)
    {
        try
        {
            var prefix = $".{name}.";
            foreach (var f in Directory.EnumerateFiles(dir, $".{name}.*.tmp"))
            {
                var middle = Path.GetFileName(f)[prefix.Length..^".tmp".Length].Split('.');
                if (middle.Length == 2 && int.TryParse(middle[0], out var pid) && middle[1].Length == 12 && !Alive(pid))
                    File.Delete(f);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover we cannot remove must not stop this write.
        }
    }

    private static bool Alive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
