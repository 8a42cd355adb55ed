namespace Recommender.Data;

/// <summary>
/// Reads users: the protocol's CSV (<c>user_id</c>, optional <c>created_at</c>) and MovieLens <c>u.user</c> /
/// <c>users.dat</c> (the id is the first of five fields; the rest is ignored).
/// </summary>
internal sealed class UserFileCursor : DataFileCursor<User>
{
    private const int MovieLensFields = 5;
    private int _fields = MovieLensFields;
    private int _id;
    private int _created = -1;

    public UserFileCursor(DelimitedRecordReader reader, DataFileFormat format)
        : base(reader, format == DataFileFormat.Csv)
    {
    }

    protected override void ReadHeader()
    {
        var header = new CsvHeader(Reader);
        _fields = header.Count;
        _id = header.Require(Reader, "user_id", "userId", "user");
        _created = header.Find("created_at");
    }

    protected override User Map()
    {
        FieldParser.RequireFieldCount(Reader, _fields);
        var id = FieldParser.Id(Reader, _id, "user_id", Pool);
        DateTimeOffset? created = _created >= 0 && !Reader[_created].IsWhiteSpace()
            ? FieldParser.Timestamp(Reader, _created, "created_at", DateTimeOffset.UnixEpoch)
            : null;
        return new User(id) { CreatedAt = created };
    }
}
