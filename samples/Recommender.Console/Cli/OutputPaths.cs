namespace Recommender.ConsoleSample.Cli;

/// <summary>
/// Where a command writes (--out, --json, --report, --export), checked before the long work starts, and writes that
/// fail turned into a usage error naming the option, the path and what to do instead of the file system's raw text
/// ("Could not find file '/proc/x'").
/// </summary>
public static class OutputPaths
{
    /// <summary>Creates the folder <paramref name="directory"/> (given with <paramref name="option"/>) when missing.</summary>
    public static string Folder(string option, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            return directory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw Cannot(option, directory, "create the folder", e);
        }
    }

    /// <summary>Creates the folder that will hold the file <paramref name="path"/> when missing.</summary>
    public static string FileIn(string option, string path)
    {
        string? directory;
        try
        {
            directory = Path.GetDirectoryName(Path.GetFullPath(path));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Cannot(option, path, "use the path", e);
        }

        if (directory is not null)
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Cannot(option, path, $"create its folder {directory}", e);
            }
        }

        if (Directory.Exists(path))
        {
            throw new UsageException($"{option} {path}: that is a folder; give a file name (e.g. {Path.Combine(path, "out")})");
        }

        return path;
    }

    /// <summary>Runs a write of the file or folder given with <paramref name="option"/>; a failure names them.</summary>
    public static T Write<T>(string option, string path, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Cannot(option, path, "write there", e);
        }
    }

    /// <summary>The async form of <see cref="Write{T}"/>.</summary>
    public static async Task WriteAsync(string option, string path, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Cannot(option, path, "write there", e);
        }
    }

    private static UsageException Cannot(string option, string path, string what, Exception e)
    {
        var reason = e is UnauthorizedAccessException ? "permission denied" : e.Message.TrimEnd('.');
        return new UsageException($"{option} {path}: cannot {what} ({reason}); give a path you can write to{CommandOptions.FromWhere(path)}", e);
    }
}
