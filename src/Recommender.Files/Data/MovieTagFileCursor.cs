namespace Recommender.Data;

/// <summary>Reads MovieLens user tags (<c>tags.csv</c>: userId,movieId,tag,timestamp; <c>tags.dat</c>: the same, headerless) as (movie, tag) pairs.</summary>
internal sealed class MovieTagFileCursor : DataFileCursor<(string MovieId, string Tag)>
{
    private int _fields = 4;
    private int _movie = 1;
    private int _tag = 2;

    public MovieTagFileCursor(DelimitedRecordReader reader, DataFileFormat format)
        : base(reader, format == DataFileFormat.Csv)
    {
    }

    /// <summary>Reads a whole tag file into movie id → tags (lower-cased and de-duplicated later, with the genres).</summary>
    public static Dictionary<string, List<string>> Load(string path)
    {
        var tags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var format = DataFileFormats.Detect(path);
        using var cursor = new MovieTagFileCursor(DataFileFormats.Open(path, format, asynchronous: false), format);
        while (cursor.MoveNext())
        {
            Add(tags, cursor.Current);
        }

        return tags;
    }

    /// <summary>The asynchronous form of <see cref="Load"/>.</summary>
    public static async ValueTask<Dictionary<string, List<string>>> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var format = DataFileFormats.Detect(path);
        using var cursor = new MovieTagFileCursor(DataFileFormats.Open(path, format, asynchronous: true), format);
        while (await cursor.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            Add(tags, cursor.Current);
        }

        return tags;
    }

    protected override void ReadHeader()
    {
        var header = new CsvHeader(Reader);
        _fields = header.Count;
        _movie = header.Require(Reader, "movieId", "post_id", "itemId");
        _tag = header.Require(Reader, "tag");
    }

    protected override (string MovieId, string Tag) Map()
    {
        FieldParser.RequireFieldCount(Reader, _fields);
        return (FieldParser.Id(Reader, _movie, "movieId", Pool), Reader[_tag].ToString());
    }

    private static void Add(Dictionary<string, List<string>> tags, (string MovieId, string Tag) pair)
    {
        if (!tags.TryGetValue(pair.MovieId, out var list))
        {
            tags[pair.MovieId] = list = [];
        }

        list.Add(pair.Tag);
    }
}
