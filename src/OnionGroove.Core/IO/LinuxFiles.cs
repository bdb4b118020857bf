using System.Runtime.InteropServices;

namespace OnionGroove.Core.IO;

/// <summary>
/// The few Linux system calls .NET does not expose and the safe file helpers need: open/openat
/// with O_NOFOLLOW|O_NONBLOCK (refuse a symlink, never block on a FIFO), statx on the opened
/// descriptor (so the type and size checked are those of the file that will be read: no race
/// between check and read), O_TMPFILE and linkat (a file that has no name until it is complete),
/// and realpath. Flag values are per architecture (asm-generic for x86/x64, arm's for arm/arm64);
/// on other systems <see cref="Available"/> is false and callers use a portable fallback.
/// </summary>
internal static partial class LinuxFiles
{
    public static readonly bool Available = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is
        Architecture.X64 or Architecture.X86 or Architecture.Arm64 or Architecture.Arm;

    private static bool Arm => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    public const int ORdOnly = 0, OWrOnly = 1, ONoCtty = 0x100, ONonBlock = 0x800, OCloExec = 0x80000;
    public static int ODirectory => Arm ? 0x4000 : 0x10000;
    public static int ONoFollow => Arm ? 0x8000 : 0x20000;
    public static int OTmpFile => 0x400000 | ODirectory;

    public const int AtFdCwd = -100, AtSymlinkFollow = 0x400, AtEmptyPath = 0x1000;
    public const int ELoop = 40, ENotDir = 20, ENoEnt = 2, EAccess = 13, EExist = 17, EIsDir = 21, ENxIo = 6, EOpNotSupp = 95, EInval = 22;

    public const int SIfMt = 0xF000, SIfReg = 0x8000, SIfDir = 0x4000, SIfLnk = 0xA000, SIfIfo = 0x1000, SIfChr = 0x2000, SIfBlk = 0x6000, SIfSock = 0xC000;

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(int dirFd, string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LinkAt(int oldDirFd, string oldPath, int newDirFd, string newPath, int flags);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>File type bits (S_IFMT) and size of an open descriptor (fstat via statx, whose
    /// layout is the same on every architecture: stx_mode at 28, stx_size at 40).</summary>
    public static unsafe bool TryStat(int fd, out int type, out long size)
    {
        const uint StatxType = 0x1, StatxSize = 0x200;
        var buffer = stackalloc byte[256];
        type = 0;
        size = 0;
        if (Statx(fd, "", AtEmptyPath, StatxType | StatxSize, buffer) != 0) return false;
        type = *(ushort*)(buffer + 28) & SIfMt;
        size = *(long*)(buffer + 40);
        return true;
    }

    /// <summary>Reads until <paramref name="into"/> is full or end of file; returns the count, -1 on error.</summary>
    public static unsafe int ReadFully(int fd, Span<byte> into)
    {
        var total = 0;
        fixed (byte* p = into)
        {
            while (total < into.Length)
            {
                var n = Read(fd, p + total, (nuint)(into.Length - total));
                if (n < 0)
                {
                    if (LastError == 4) continue; // EINTR
                    return -1;
                }
                if (n == 0) break;
                total += (int)n;
            }
        }
        return total;
    }

    /// <summary>The canonical path (every symlink resolved), or null when it cannot be resolved.</summary>
    public static string? TryRealPath(string path)
    {
        var p = RealPath(path, 0);
        if (p == 0) return null;
        try { return Marshal.PtrToStringUTF8(p); }
        finally { Free(p); }
    }

    public static string TypeName(int type) => type switch
    {
        SIfDir => "a directory",
        SIfLnk => "a symbolic link",
        SIfIfo => "a FIFO (named pipe)",
        SIfChr => "a character device",
        SIfBlk => "a block device",
        SIfSock => "a socket",
        _ => "not a regular file",
    };
}
