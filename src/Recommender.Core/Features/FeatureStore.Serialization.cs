using Recommender.Serialization;

namespace Recommender.Features;

public sealed partial class FeatureStore
{
    /// <summary>The model kind written in the container header when the store is saved on its own.</summary>
    internal const string Kind = "features";

    /// <summary>Writes the store in the versioned container format (chunks FTHD, FUID, FPID, FAID, FTAG, FUSR, FPST, FATH, FSEN, FAFF, FTPR, FFOL).</summary>
    /// <param name="stream">A writable stream; left open.</param>
    public void Save(Stream stream)
    {
        var writer = ModelWriter.Begin(stream, Kind);
        WriteChunks(writer);
        writer.End();
    }

    /// <summary>Reads a store written by <see cref="Save(Stream)"/>.</summary>
    /// <param name="stream">A readable stream, positioned at the store.</param>
    /// <exception cref="ModelFormatException">The data is not a feature store, is of a newer format, truncated or corrupt.</exception>
    public static FeatureStore Load(Stream stream) => ReadChunks(ModelReader.Read(stream, Kind));

    /// <summary>
    /// Writes the store's chunks, all version 1: FTHD (counts, build options, reference time, global hour and
    /// weekday histograms, ingestion counts), FUID / FPID / FAID / FTAG (ids), FUSR (per user: created, counts by
    /// kind, hours, weekdays, first and last engagement), FPST (per post: created, author, counts and velocity by
    /// kind, distinct users), FATH (per author: posts, followers), FSEN (seen posts), FAFF (author shares),
    /// FTPR (preferred tags), FFOL (followed authors), FCOE (the co-engagement graph; optional when reading).
    /// </summary>
    internal void WriteChunks(ModelWriter writer)
    {
        var d = Data;
        var h = new ChunkWriter();
        h.WriteInt32(d.Users.Count);
        h.WriteInt32(d.Posts.Count);
        h.WriteInt32(d.Authors.Count);
        h.WriteInt32(d.Tags.Count);
        h.WriteInt64(d.ReferenceTime.UtcTicks);
        h.WriteInt64(d.Options.FreshnessHalfLife.Ticks);
        h.WriteSingle(d.Options.TimeMatchPriorStrength);
        h.WriteInt64(d.Options.VelocityWindow.Ticks);
        h.WriteInt32(d.Options.PreferredCount);
        EngagementWeigher.Write(h, d.Options.Weighting);
        h.WriteInt64(d.Accepted);
        h.WriteInt64(d.Skipped);
        h.WriteInt32s(d.GlobalHours);
        h.WriteInt32s(d.GlobalDays);
        writer.WriteChunk("FTHD", 1, h);
        ChunkHelpers.WriteIds(writer, "FUID", d.Users);
        ChunkHelpers.WriteIds(writer, "FPID", d.Posts);
        ChunkHelpers.WriteIds(writer, "FAID", d.Authors);
        ChunkHelpers.WriteIds(writer, "FTAG", d.Tags);

        var u = new ChunkWriter();
        ChunkInt64.Write(u, d.UserCreated);
        u.WriteInt32s(d.UserKinds);
        u.WriteInt32s(d.UserHours);
        u.WriteInt32s(d.UserDays);
        ChunkInt64.Write(u, d.UserFirst);
        ChunkInt64.Write(u, d.UserLast);
        writer.WriteChunk("FUSR", 1, u);

        var p = new ChunkWriter();
        ChunkInt64.Write(p, d.PostCreated);
        p.WriteInt32s(d.PostAuthor);
        p.WriteInt32s(d.PostKinds);
        p.WriteSingles(d.PostVelocity);
        p.WriteInt32s(d.PostUsers);
        writer.WriteChunk("FPST", 1, p);

        var a = new ChunkWriter();
        a.WriteInt32s(d.AuthorPosts);
        a.WriteInt32s(d.AuthorFollowers);
        writer.WriteChunk("FATH", 1, a);

        WriteRows(writer, "FSEN", d.SeenPtr, d.SeenIdx, null);
        WriteRows(writer, "FAFF", d.SharePtr, d.ShareIdx, d.ShareValues);
        WriteRows(writer, "FTPR", d.TagPrefPtr, d.TagPrefIdx, d.TagPrefValues);
        WriteRows(writer, "FFOL", d.FollowPtr, d.FollowIdx, null);
        if (d.CoEngagement.Users == d.Users.Count && d.CoEngagement.Posts == d.Posts.Count)
        {
            d.CoEngagement.Write(writer);
        }
    }

    /// <summary>Reads and validates what <see cref="WriteChunks"/> wrote; anything inconsistent throws <see cref="ModelFormatException"/>.</summary>
    internal static FeatureStore ReadChunks(ModelReader reader)
    {
        var h = new ChunkReader(reader.Get("FTHD", 1, out _), "FTHD");
        var nu = h.ReadInt32(0, int.MaxValue - 1, "the user count");
        var np = h.ReadInt32(0, int.MaxValue - 1, "the post count");
        var na = h.ReadInt32(0, int.MaxValue - 2, "the author count");
        var nt = h.ReadInt32(0, int.MaxValue - 1, "the tag count");
        var reference = ReadTicks(ref h, "the reference time");
        var options = new FeatureOptions
        {
            FreshnessHalfLife = TimeSpan.FromTicks(h.ReadInt64()),
            TimeMatchPriorStrength = h.ReadSingle(),
            VelocityWindow = TimeSpan.FromTicks(h.ReadInt64()),
            PreferredCount = h.ReadInt32(),
            Weighting = EngagementWeigher.Read(ref h),
        };
        var accepted = h.ReadInt64();
        var skipped = h.ReadInt64();
        var globalHours = h.ReadInt32s();
        var globalDays = h.ReadInt32s();
        h.ExpectEnd();
        var errors = new List<string>();
        options.CollectErrors(errors);
        if (errors.Count > 0)
        {
            throw h.Error("holds invalid options: " + string.Join(" ", errors));
        }

        if (accepted < 0 || skipped < 0)
        {
            throw h.Error("holds a negative engagement count");
        }

        ChunkHelpers.ExpectLength(globalHours.Length, 24, "FTHD", "hour counts");
        ChunkHelpers.ExpectLength(globalDays.Length, 7, "FTHD", "weekday counts");
        ChunkHelpers.ValidateNonNegative(globalHours, "FTHD", "hour count");
        ChunkHelpers.ValidateNonNegative(globalDays, "FTHD", "weekday count");

        var users = ChunkHelpers.ReadIds(reader, "FUID", nu);
        var posts = ChunkHelpers.ReadIds(reader, "FPID", np);
        var authors = ChunkHelpers.ReadIds(reader, "FAID", na);
        var tags = ChunkHelpers.ReadIds(reader, "FTAG", nt);

        var u = new ChunkReader(reader.Get("FUSR", 1, out _), "FUSR");
        var userCreated = ChunkInt64.Read(ref u);
        var userKinds = u.ReadInt32s();
        var userHours = u.ReadInt32s();
        var userDays = u.ReadInt32s();
        var userFirst = ChunkInt64.Read(ref u);
        var userLast = ChunkInt64.Read(ref u);
        u.ExpectEnd();
        ChunkHelpers.ExpectLength(userCreated.Length, nu, "FUSR", "creation times");
        ChunkHelpers.ExpectLength(userKinds.Length, (long)nu * Kinds, "FUSR", "kind counts");
        ChunkHelpers.ExpectLength(userHours.Length, (long)nu * 24, "FUSR", "hour counts");
        ChunkHelpers.ExpectLength(userDays.Length, (long)nu * 7, "FUSR", "weekday counts");
        ChunkHelpers.ExpectLength(userFirst.Length, nu, "FUSR", "first engagement times");
        ChunkHelpers.ExpectLength(userLast.Length, nu, "FUSR", "last engagement times");
        ChunkHelpers.ValidateNonNegative(userKinds, "FUSR", "kind count");
        ChunkHelpers.ValidateNonNegative(userHours, "FUSR", "hour count");
        ChunkHelpers.ValidateNonNegative(userDays, "FUSR", "weekday count");
        ValidateTicks(userCreated, allowUnknown: true, "FUSR");
        ValidateTicks(userFirst, allowUnknown: true, "FUSR");
        ValidateTicks(userLast, allowUnknown: true, "FUSR");

        var p = new ChunkReader(reader.Get("FPST", 1, out _), "FPST");
        var postCreated = ChunkInt64.Read(ref p);
        var postAuthor = p.ReadInt32s();
        var postKinds = p.ReadInt32s();
        var postVelocity = p.ReadSingles();
        var postUsers = p.ReadInt32s();
        p.ExpectEnd();
        ChunkHelpers.ExpectLength(postCreated.Length, np, "FPST", "creation times");
        ChunkHelpers.ExpectLength(postAuthor.Length, np, "FPST", "authors");
        ChunkHelpers.ExpectLength(postKinds.Length, (long)np * Kinds, "FPST", "kind counts");
        ChunkHelpers.ExpectLength(postVelocity.Length, (long)np * Kinds, "FPST", "velocities");
        ChunkHelpers.ExpectLength(postUsers.Length, np, "FPST", "user counts");
        ValidateTicks(postCreated, allowUnknown: false, "FPST");
        foreach (var author in postAuthor)
        {
            if (author < -1 || author >= na)
            {
                throw new ModelFormatException($"Chunk FPST refers to an author {author} outside [-1, {na}).");
            }
        }

        ChunkHelpers.ValidateNonNegative(postKinds, "FPST", "kind count");
        ChunkHelpers.ValidateNonNegative(postUsers, "FPST", "user count");
        ChunkHelpers.ValidateRange(postVelocity, 0f, float.MaxValue, "FPST", "a velocity");

        var a = new ChunkReader(reader.Get("FATH", 1, out _), "FATH");
        var authorPosts = a.ReadInt32s();
        var authorFollowers = a.ReadInt32s();
        a.ExpectEnd();
        ChunkHelpers.ExpectLength(authorPosts.Length, na, "FATH", "post counts");
        ChunkHelpers.ExpectLength(authorFollowers.Length, na, "FATH", "follower counts");
        ChunkHelpers.ValidateNonNegative(authorPosts, "FATH", "post count");
        ChunkHelpers.ValidateNonNegative(authorFollowers, "FATH", "follower count");

        var (seenPtr, seenIdx, _) = ReadRows(reader, "FSEN", nu, np, ascending: true, hasValues: false);
        var (sharePtr, shareIdx, shareValues) = ReadRows(reader, "FAFF", nu, na, ascending: true, hasValues: true);
        var (tagPtr, tagIdx, tagValues) = ReadRows(reader, "FTPR", nu, nt, ascending: false, hasValues: true);
        var (followPtr, followIdx, _) = ReadRows(reader, "FFOL", nu, na, ascending: true, hasValues: false);

        var coEngagement = CoEngagementGraph.Read(reader, nu, np);
        return new FeatureStore(new FeatureStoreData
        {
            Users = users,
            Posts = posts,
            Authors = authors,
            Tags = tags,
            ReferenceTime = new DateTimeOffset(reference, TimeSpan.Zero),
            Options = options,
            Accepted = accepted,
            Skipped = skipped,
            GlobalHours = globalHours,
            GlobalDays = globalDays,
            UserCreated = userCreated,
            UserKinds = userKinds,
            UserHours = userHours,
            UserDays = userDays,
            UserFirst = userFirst,
            UserLast = userLast,
            SeenPtr = seenPtr,
            SeenIdx = seenIdx,
            SharePtr = sharePtr,
            ShareIdx = shareIdx,
            ShareValues = shareValues,
            TagPrefPtr = tagPtr,
            TagPrefIdx = tagIdx,
            TagPrefValues = tagValues,
            FollowPtr = followPtr,
            FollowIdx = followIdx,
            PostCreated = postCreated,
            PostAuthor = postAuthor,
            PostKinds = postKinds,
            PostVelocity = postVelocity,
            PostUsers = postUsers,
            AuthorPosts = authorPosts,
            AuthorFollowers = authorFollowers,
            CoEngagement = coEngagement,
        });
    }

    private static long ReadTicks(ref ChunkReader reader, string what)
    {
        var ticks = reader.ReadInt64();
        if (ticks < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw reader.Error($"holds an impossible {what}");
        }

        return ticks;
    }

    private static void ValidateTicks(ReadOnlySpan<long> ticks, bool allowUnknown, string tag)
    {
        foreach (var t in ticks)
        {
            if ((t < 0 && !(allowUnknown && t == -1)) || t > DateTimeOffset.MaxValue.UtcTicks)
            {
                throw new ModelFormatException($"Chunk {tag} holds an impossible time {t}.");
            }
        }
    }

    private static void WriteRows(ModelWriter writer, string tag, int[] ptr, int[] indices, float[]? values)
    {
        var chunk = new ChunkWriter();
        chunk.WriteInt32s(ptr);
        chunk.WriteInt32s(indices);
        if (values is not null)
        {
            chunk.WriteSingles(values);
        }

        writer.WriteChunk(tag, 1, chunk);
    }

    private static (int[] Ptr, int[] Indices, float[] Values) ReadRows(ModelReader reader, string tag, int rows, int columns, bool ascending, bool hasValues)
    {
        var r = new ChunkReader(reader.Get(tag, 1, out _), tag);
        var ptr = r.ReadInt32s();
        var indices = r.ReadInt32s();
        var values = hasValues ? r.ReadSingles() : [];
        r.ExpectEnd();
        ChunkHelpers.ValidateOffsets(ptr, rows, indices.Length, tag);
        ChunkHelpers.ValidateIndices(ptr, indices, columns, ascending, tag);
        if (hasValues)
        {
            ChunkHelpers.ExpectLength(values.Length, indices.Length, tag, "values");

            // Shares: positive and at most 1 (with room for float rounding).
            ChunkHelpers.ValidateRange(values, float.Epsilon, 1.001f, tag, "a share");
        }

        return (ptr, indices, values);
    }
}
