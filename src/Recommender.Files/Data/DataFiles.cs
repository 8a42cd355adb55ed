namespace Recommender.Data;

/// <summary>
/// Reads and writes the evaluation protocol's CSV files and reads MovieLens (package Recommender.Files; its types
/// live in the namespace of the data they read, <c>Recommender.Data</c>). Reads stream: one record is held at a
/// time, so memory grows only with what the caller keeps (and with the distinct ids read, which are shared rather
/// than repeated; a MovieLens user tag file is read whole before the movies, as a map of movie to tags).
/// </summary>
/// <remarks>
/// <para>
/// <b>Formats, chosen by file name.</b> <c>*.dat</c> is MovieLens 1M/10M (<c>::</c>-separated, no header);
/// <c>*.data</c>, <c>*.base</c>, <c>*.test</c> are MovieLens 100K ratings (tab-separated, no header);
/// <c>*.item</c>, <c>*.user</c> are MovieLens 100K movies and users ('|'-separated, no header); these have no
/// quoting. Anything else is CSV (read with Sylvan.Data.Csv) with a header row: columns in any order, names matched
/// case-insensitively, unknown columns ignored, a name given twice an error; fields optionally quoted (a quoted field
/// may hold commas and line breaks; a quote inside is written twice). Text is UTF-8 (a BOM is honoured; MovieLens'
/// headerless files are Latin-1). Line ends may be "\n", "\r\n" or "\r"; line breaks inside quoted fields read as
/// "\n". Blank lines are skipped.
/// </para>
/// <para>
/// <b>Interactions</b>: <c>user_id</c> and <c>post_id</c> are required (MovieLens' <c>userId</c>, <c>movieId</c>
/// and <c>itemId</c> are accepted too, so <c>ratings.csv</c> reads as is); <c>timestamp</c> (unix seconds, whole or
/// fractional, or ISO-8601; missing or empty means <see cref="DateTimeOffset.UnixEpoch"/>); <c>kind</c> (an
/// <see cref="EngagementKind"/> name, case-insensitive; missing or empty means view); <c>weight</c> (a finite number,
/// <see cref="Engagement.Weight"/>; empty means none); <c>rating</c> (checked to be a number, otherwise ignored: as
/// the protocol says, a rating is an interaction of weight 1 and kind view).
/// </para>
/// <para>
/// <b>Posts</b>: <c>post_id</c> required; <c>author_id</c>, <c>created_at</c> (as timestamps; missing means the
/// unix epoch), <c>tags</c> ('|'-separated, trimmed, empty ones dropped), <c>text</c>. A CSV whose header has
/// <c>movieId</c> but no <c>post_id</c> is MovieLens <c>movies.csv</c>. MovieLens movies become posts with no
/// author, the title as text, the genres as tags (lower-cased; "(no genres listed)" gives none) plus, when a
/// <c>tags.csv</c> sits beside <c>movies.csv</c> (or <c>tags.dat</c> beside <c>movies.dat</c>), every user tag of the
/// movie, lower-cased and de-duplicated. MovieLens has no creation time: a movie is created on 1 January (UTC) of
/// the last "(yyyy)" year in its title, or at <see cref="DateTimeOffset.UnixEpoch"/> when the title has none.
/// </para>
/// <para><b>Users</b>: <c>user_id</c> required, <c>created_at</c> optional; MovieLens <c>u.user</c>/<c>users.dat</c> give ids only.</para>
/// <para>
/// <b>Malformed lines</b> throw <see cref="DataFileException"/> naming the file and the 1-based line: a record with
/// more or fewer fields than the header (or than the MovieLens layout), an empty or blank id, an id that held bytes
/// that are not valid UTF-8 (they decode to U+FFFD, so an id holding U+FFFD is rejected) or a line break (ids
/// differing only there would otherwise read as one), a timestamp or number that does not parse (or is not finite),
/// an unknown kind, an unclosed quote, a header missing a required column or naming one twice. Invalid UTF-8 in other
/// fields (text, tags) reads as U+FFFD. A record (one row, quotes and separators included) may hold at most
/// 1,048,576 characters: a longer one, and so a quote that is never closed, fails once that much is read, naming the
/// line the record starts on and the column still open, so reading stays linear in the file's size. Messages quote
/// at most 80 characters of a value, on one line. A missing file throws <see cref="FileNotFoundException"/> when
/// enumeration starts.
/// </para>
/// </remarks>
public static class DataFiles
{
    /// <summary>The longest record (one row, all its fields, quotes and separators included) read: 1 Mi characters (see the remarks).</summary>
    internal const int MaxRecordLength = 1 << 20;

    /// <summary>Streams the interactions of a file (see the remarks for formats and columns).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The engagements, in file order; the file is opened when enumeration starts.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static IEnumerable<Engagement> ReadEngagements(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, nameof(path));
        return Enumerate(path, static (reader, format) => new EngagementFileCursor(reader, format));
    }

    /// <summary>Streams the posts of a file (the protocol's posts CSV or MovieLens movies).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The posts, in file order; the file is opened when enumeration starts.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static IEnumerable<Post> ReadPosts(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, nameof(path));
        return Enumerate(path, static (reader, format) => new PostFileCursor(reader, format));
    }

    /// <summary>Streams the users of a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The users, in file order; the file is opened when enumeration starts.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static IEnumerable<User> ReadUsers(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, nameof(path));
        return Enumerate(path, static (reader, format) => new UserFileCursor(reader, format));
    }

    /// <summary>
    /// Writes an interactions CSV: <c>user_id,post_id,timestamp,kind,weight</c>. Timestamps in whole seconds are
    /// written as unix seconds, finer ones as ISO-8601; kinds lower-case; an absent weight as an empty field.
    /// </summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="engagements">The engagements.</param>
    /// <exception cref="ArgumentException">An id is null or empty or holds a line break, a kind undefined or a weight not finite.</exception>
    public static void WriteEngagements(string path, IEnumerable<Engagement> engagements)
    {
        ArgumentNullException.ThrowIfNull(engagements);
        Write(path, writer => CsvFileWriter.WriteEngagements(writer, engagements));
    }

    /// <summary>Writes a posts CSV: <c>post_id,author_id,created_at,tags,text</c> (tags joined by '|').</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="posts">The posts.</param>
    /// <exception cref="ArgumentException">A post id is null or empty or holds a line break, or a tag holds '|'.</exception>
    public static void WritePosts(string path, IEnumerable<Post> posts)
    {
        ArgumentNullException.ThrowIfNull(posts);
        Write(path, writer => CsvFileWriter.WritePosts(writer, posts));
    }

    /// <summary>Writes a users CSV: <c>user_id,created_at</c>.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="users">The users.</param>
    /// <exception cref="ArgumentException">A user id is null or empty or holds a line break.</exception>
    public static void WriteUsers(string path, IEnumerable<User> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        Write(path, writer => CsvFileWriter.WriteUsers(writer, users));
    }

    internal static IEnumerable<T> Enumerate<T>(string path, Func<DelimitedRecordReader, DataFileFormat, DataFileCursor<T>> open)
    {
        var format = DataFileFormats.Detect(path);
        using var cursor = open(DataFileFormats.Open(path, format, asynchronous: false), format);
        while (cursor.MoveNext())
        {
            yield return cursor.Current;
        }
    }

    private static void Write(string path, Action<TextWriter> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, nameof(path));
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        write(writer);
    }
}
