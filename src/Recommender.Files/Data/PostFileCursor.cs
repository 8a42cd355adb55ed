namespace Recommender.Data;

/// <summary>
/// Reads posts: the protocol's CSV (<c>post_id</c>, optional <c>author_id</c>, <c>created_at</c>, <c>tags</c> separated
/// by '|', <c>text</c>) and MovieLens movies (<c>movies.csv</c>, <c>movies.dat</c>, <c>u.item</c>): genres and, from a
/// tag file beside the movies file, user tags become the post's tags (lower-cased, de-duplicated), the title its text,
/// and 1 January of the title's year its creation time (see <see cref="MovieLens.CreatedAt"/>).
/// </summary>
internal sealed class PostFileCursor : DataFileCursor<Post>
{
    private const int ItemFields = 5 + 19;
    private readonly DataFileFormat _format;
    private readonly string _path;
    private bool _movies;
    private int _fields;
    private int _id;
    private int _author = -1;
    private int _created = -1;
    private int _tags = -1;
    private int _text = -1;
    private int _title = 1;
    private int _genres = 2;
    private Dictionary<string, List<string>>? _userTags;

    public PostFileCursor(DelimitedRecordReader reader, DataFileFormat format)
        : base(reader, format == DataFileFormat.Csv)
    {
        _format = format;
        _path = reader.FilePath;
        _movies = format != DataFileFormat.Csv;
        _fields = format == DataFileFormat.MovieLensPipe ? ItemFields : 3;
    }

    protected override void ReadHeader()
    {
        var header = new CsvHeader(Reader);
        _fields = header.Count;
        _id = header.Find("post_id");
        if (_id < 0 && header.Find("movieId") >= 0)
        {
            _movies = true;
            _id = header.Find("movieId");
            _title = header.Require(Reader, "title");
            _genres = header.Require(Reader, "genres");
            return;
        }

        _id = header.Require(Reader, "post_id", "itemId", "item_id", "post");
        _author = header.Find("author_id", "author");
        _created = header.Find("created_at", "timestamp");
        _tags = header.Find("tags");
        _text = header.Find("text");
    }

    protected override void Start()
    {
        if (_movies && _format != DataFileFormat.MovieLensPipe && MovieLens.TagsFileBeside(_path) is { } tags)
        {
            _userTags = MovieTagFileCursor.Load(tags);
        }
    }

    protected override async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        if (_movies && _format != DataFileFormat.MovieLensPipe && MovieLens.TagsFileBeside(_path) is { } tags)
        {
            _userTags = await MovieTagFileCursor.LoadAsync(tags, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override Post Map()
    {
        var r = Reader;
        FieldParser.RequireFieldCount(r, _fields);
        var id = FieldParser.Id(r, _id, "post_id", Pool);
        return _movies ? MapMovie(r, id) : MapPost(r, id);
    }

    private Post MapPost(DelimitedRecordReader r, string id)
    {
        var author = _author >= 0 ? FieldParser.OptionalId(r, _author, "author_id", Pool) : null;
        var created = _created >= 0 ? FieldParser.Timestamp(r, _created, "created_at", DateTimeOffset.UnixEpoch) : DateTimeOffset.UnixEpoch;
        List<string> tags = [];
        if (_tags >= 0)
        {
            var value = r[_tags];
            foreach (var range in value.Split('|'))
            {
                var tag = value[range].Trim();
                if (!tag.IsEmpty)
                {
                    tags.Add(Pool.Get(tag));
                }
            }
        }

        var text = _text >= 0 && !r[_text].IsEmpty ? r[_text].ToString() : null;
        return new Post(id, author, created) { Tags = tags, Text = text };
    }

    private Post MapMovie(DelimitedRecordReader r, string id)
    {
        var title = r[_title].Trim().ToString();
        List<string> tags = [];
        if (_format == DataFileFormat.MovieLensPipe)
        {
            for (var g = 0; g < MovieLens.ItemGenres.Length; g++)
            {
                var flag = r[5 + g].Trim();
                if (flag is "1")
                {
                    tags.Add(MovieLens.ItemGenres[g]);
                }
                else if (flag is not "0")
                {
                    throw r.Error($"genre flag {g + 1} ('{MovieLens.ItemGenres[g]}') is '{DataFileText.Excerpt(flag)}', expected 0 or 1");
                }
            }
        }
        else
        {
            MovieLens.AddGenres(tags, r[_genres]);
        }

        if (_userTags is not null && _userTags.TryGetValue(id, out var userTags))
        {
            foreach (var tag in userTags)
            {
                MovieLens.AddTag(tags, tag);
            }
        }

        return new Post(id, null, MovieLens.CreatedAt(title)) { Tags = tags, Text = title };
    }
}
