namespace Recommender.Data;

/// <summary>
/// Reads interactions: the protocol's CSV (<c>user_id</c>, <c>post_id</c>, optional <c>timestamp</c>, <c>kind</c>,
/// <c>weight</c>, <c>rating</c>; MovieLens' <c>userId</c>/<c>movieId</c>/<c>itemId</c> are accepted as names), and the
/// headerless MovieLens <c>u.data</c> / <c>ratings.dat</c> (user, item, rating, timestamp).
/// </summary>
internal sealed class EngagementFileCursor : DataFileCursor<Engagement>
{
    private const int MovieLensFields = 4;
    private int _fields = MovieLensFields;
    private int _user;
    private int _post = 1;
    private int _timestamp = 3;
    private int _kind = -1;
    private int _weight = -1;
    private int _rating = 2;

    public EngagementFileCursor(DelimitedRecordReader reader, DataFileFormat format)
        : base(reader, format == DataFileFormat.Csv)
    {
    }

    protected override void ReadHeader()
    {
        var header = new CsvHeader(Reader);
        _fields = header.Count;
        _user = header.Require(Reader, "user_id", "userId", "user");
        _post = header.Require(Reader, "post_id", "movieId", "itemId", "item_id", "post");
        _timestamp = header.Find("timestamp", "time", "created_at");
        _kind = header.Find("kind");
        _weight = header.Find("weight");
        _rating = header.Find("rating");
    }

    protected override Engagement Map()
    {
        var r = Reader;
        FieldParser.RequireFieldCount(r, _fields);
        var user = FieldParser.Id(r, _user, "user_id", Pool);
        var post = FieldParser.Id(r, _post, "post_id", Pool);
        var timestamp = _timestamp >= 0 ? FieldParser.Timestamp(r, _timestamp, "timestamp", DateTimeOffset.UnixEpoch) : DateTimeOffset.UnixEpoch;
        var kind = _kind >= 0 ? FieldParser.Kind(r, _kind, "kind") : EngagementKind.View;
        var weight = _weight >= 0 ? FieldParser.Number(r, _weight, "weight") : null;
        if (_rating >= 0)
        {
            // Checked, not used: a rating is an interaction of weight 1 (the evaluation protocol).
            _ = FieldParser.Number(r, _rating, "rating");
        }

        return new Engagement(user, post, kind, timestamp, weight);
    }
}
