using System.Globalization;
using System.Text;

namespace Recommender.Data;

/// <summary>Writes the protocol's CSV files: comma-separated, '\n' line ends, fields quoted only when needed.</summary>
internal static class CsvFileWriter
{
    public const string EngagementHeader = "user_id,post_id,timestamp,kind,weight";
    public const string PostHeader = "post_id,author_id,created_at,tags,text";
    public const string UserHeader = "user_id,created_at";

    private static readonly string[] KindNames = [.. Enum.GetNames<EngagementKind>().Select(n => n.ToLowerInvariant())];

    public static void WriteEngagements(TextWriter writer, IEnumerable<Engagement> engagements)
    {
        writer.Write(EngagementHeader);
        writer.Write('\n');
        foreach (var e in engagements)
        {
            WriteId(writer, e.UserId, "Engagement.UserId");
            writer.Write(',');
            WriteId(writer, e.PostId, "Engagement.PostId");
            writer.Write(',');
            WriteTimestamp(writer, e.Timestamp);
            writer.Write(',');
            if ((uint)e.Kind >= (uint)KindNames.Length)
            {
                throw new ArgumentException($"Engagement kind {(int)e.Kind} is not a defined EngagementKind.", nameof(engagements));
            }

            writer.Write(KindNames[(int)e.Kind]);
            writer.Write(',');
            if (e.Weight is { } weight)
            {
                if (!float.IsFinite(weight))
                {
                    throw new ArgumentException($"Engagement weight {weight} is not finite.", nameof(engagements));
                }

                writer.Write(weight.ToString("R", CultureInfo.InvariantCulture));
            }

            writer.Write('\n');
        }
    }

    public static void WritePosts(TextWriter writer, IEnumerable<Post> posts)
    {
        writer.Write(PostHeader);
        writer.Write('\n');
        var tags = new StringBuilder();
        foreach (var post in posts)
        {
            ArgumentNullException.ThrowIfNull(post, nameof(posts));
            WriteId(writer, post.Id, "Post.Id");
            writer.Write(',');
            if (post.AuthorId is not null)
            {
                WriteField(writer, OneLine(post.AuthorId, "Post.AuthorId"));
            }

            writer.Write(',');
            WriteTimestamp(writer, post.CreatedAt);
            writer.Write(',');
            tags.Clear();
            foreach (var tag in post.Tags)
            {
                if (tag.Contains('|', StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Post '{post.Id}' has the tag '{tag}', which holds the tag separator '|'.", nameof(posts));
                }

                if (tags.Length > 0)
                {
                    tags.Append('|');
                }

                tags.Append(tag);
            }

            WriteField(writer, tags.ToString());
            writer.Write(',');
            if (post.Text is not null)
            {
                WriteField(writer, post.Text);
            }

            writer.Write('\n');
        }
    }

    public static void WriteUsers(TextWriter writer, IEnumerable<User> users)
    {
        writer.Write(UserHeader);
        writer.Write('\n');
        foreach (var user in users)
        {
            ArgumentNullException.ThrowIfNull(user, nameof(users));
            WriteId(writer, user.Id, "User.Id");
            writer.Write(',');
            if (user.CreatedAt is { } created)
            {
                WriteTimestamp(writer, created);
            }

            writer.Write('\n');
        }
    }

    /// <summary>Whole seconds as unix seconds; anything finer as ISO-8601 (round-trip, UTC).</summary>
    public static void WriteTimestamp(TextWriter writer, DateTimeOffset timestamp)
    {
        var seconds = timestamp.ToUnixTimeSeconds();
        if (DateTimeOffset.FromUnixTimeSeconds(seconds) == timestamp)
        {
            writer.Write(seconds.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            writer.Write(timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        }
    }

    private static void WriteId(TextWriter writer, string id, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(id, name);
        WriteField(writer, OneLine(id, name));
    }

    /// <summary>The id, unless it holds a line break (the readers reject those in ids: inside quotes every break reads as "\n").</summary>
    private static string OneLine(string id, string name) => id.AsSpan().IndexOfAny('\r', '\n') < 0
        ? id
        : throw new ArgumentException($"{name} '{DataFileText.Excerpt(id)}' holds a line break, which the readers reject in ids.", name);

    private static void WriteField(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
