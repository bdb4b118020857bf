using System.Diagnostics;

namespace OnionGroove.Vault.Git;

/// <summary>
/// One oniongroove command at a time changes a vault clone: an exclusive lock on
/// <c>.git/oniongroove.lock</c>, held from reading the manifest to the commit (two commands
/// that each read, change and commit the manifest would otherwise lose one change). The lock is
/// the OS's advisory file lock (.NET takes flock(LOCK_EX) for FileShare.None on Unix), so it is
/// released whenever its process ends, even by SIGKILL: a killed run never leaves it stale.
/// </summary>
public sealed class VaultLock : IDisposable
{
    public const string FileName = "oniongroove.lock";

    private readonly FileStream _stream;
    private readonly string _ownerFile;

    private VaultLock(FileStream stream, string ownerFile)
    {
        _stream = stream;
        _ownerFile = ownerFile;
    }

    /// <summary>Takes the lock in <paramref name="gitDir"/>, waiting up to <paramref name="wait"/>;
    /// <paramref name="onWait"/> hears once who holds it.</summary>
    /// <exception cref="VaultException">Conflict: still held after the wait.</exception>
    public static VaultLock Acquire(string gitDir, TimeSpan wait, Action<string>? onWait)
    {
        var path = Path.Combine(gitDir, FileName);
        var ownerFile = path + ".owner";
        var clock = Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            if (TryTake(path) is { } stream)
            {
                // Who holds it, for the message of a command that has to wait (best effort).
                try { File.WriteAllText(ownerFile, Describe()); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                return new VaultLock(stream, ownerFile);
            }
            var owner = ReadOwner(ownerFile);
            if (clock.Elapsed >= wait)
                throw new VaultException(VaultErrorKind.Conflict,
                    $"another oniongroove command is changing this vault ({owner}) and did not finish within {wait.TotalSeconds:0} s",
                    "wait for it to finish and run your command again; the lock goes away by itself when that process exits",
                    $"if it hangs, stop that process; the lock file is {path}");
            if (!told && onWait is not null)
            {
                onWait($"waiting for another oniongroove command to finish changing this vault ({owner})…");
                told = true;
            }
            Thread.Sleep(50);
        }
    }

    private static FileStream? TryTake(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    private static string Describe()
    {
        var args = Environment.GetCommandLineArgs().Skip(1).Where(a => !a.EndsWith(".dll", StringComparison.Ordinal));
        return $"pid {Environment.ProcessId}: oniongroove {string.Join(' ', args)}, since {DateTime.UtcNow:HH:mm:ss} UTC";
    }

    private static string ReadOwner(string ownerFile)
    {
        try { return File.ReadAllText(ownerFile).Trim() is { Length: > 0 and < 300 } s ? s : "unknown process"; }
        catch (IOException) { return "unknown process"; }
        catch (UnauthorizedAccessException) { return "unknown process"; }
    }

    public void Dispose()
    {
        try { File.Delete(_ownerFile); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        _stream.Dispose();
    }
}
