namespace Pastoral.Data;

/// <summary>
/// The data folder holds authenticator keys, Data Protection keys, CP status and the demo sign-ins: on Unix it is the
/// owner's alone (folder 0700, every file 0600), made so at creation and put right on every start (issue 5, 1.7).
/// </summary>
public static class DataFolder
{
    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates the folder (0700) and, for SQLite, an empty database file (0600) before SQLite first opens it: SQLite gives
    /// the <c>-wal</c> and <c>-shm</c> files it creates later the database file's permissions. Existing files are tightened.
    /// </summary>
    public static void Secure(string directory, string? sqliteFile = null)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        Directory.CreateDirectory(directory, OwnerOnlyFolder);
        File.SetUnixFileMode(directory, OwnerOnlyFolder);
        if (sqliteFile is not null && !File.Exists(sqliteFile))
            using (CreateFile(sqliteFile)) { }
        foreach (var file in Directory.EnumerateFiles(directory))
            if ((File.GetUnixFileMode(file) & ~OwnerOnlyFile) != 0) File.SetUnixFileMode(file, OwnerOnlyFile);
    }

    /// <summary>A new file in the data folder, created owner-only (never briefly readable by others).</summary>
    public static FileStream CreateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        return new FileStream(path, options);
    }
}
