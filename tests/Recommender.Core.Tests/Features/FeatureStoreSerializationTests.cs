using System.Text.Json;
using Recommender.Core.Tests.Serialization;
using Recommender.Features;
using Recommender.Serialization;
using static Recommender.Core.Tests.Features.FeatureFixtures;

namespace Recommender.Core.Tests.Features;

public class FeatureStoreSerializationTests
{
    private static readonly string[] Tags = ["FTHD", "FUID", "FPID", "FAID", "FTAG", "FUSR", "FPST", "FATH", "FSEN", "FAFF", "FTPR", "FFOL"];

    private static byte[] Bytes(FeatureStore store)
    {
        using var stream = new MemoryStream();
        store.Save(stream);
        return stream.ToArray();
    }

    private static string Features(FeatureStore store)
    {
        var extractor = new FeatureExtractor(store, timeProvider: Clock());
        var all = new List<object>();
        foreach (var user in new[] { "u1", "u2", "u3", "nobody" })
        {
            all.Add(extractor.GetUserFeatures(user));
            foreach (var post in Posts().Append(new global::Recommender.Data.Post("new", "bob", Now)))
            {
                all.Add(extractor.GetPostFeatures(post));
                all.Add(extractor.GetPairFeatures(user, post));
            }
        }

        return JsonSerializer.Serialize(all);
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesIdenticalFeatures()
    {
        var store = Store();
        var loaded = FeatureStore.Load(new MemoryStream(Bytes(store)));
        Assert.Equal(Features(store), Features(loaded));
        Assert.Equal(Bytes(store), Bytes(loaded));
        Assert.Equal(store.ReferenceTime, loaded.ReferenceTime);
        Assert.Equal(store.AcceptedEngagements, loaded.AcceptedEngagements);
    }

    [Fact]
    public void Load_EveryFlippedByte_ThrowsModelFormatException()
    {
        var bytes = Bytes(Store());
        for (var i = 0; i < bytes.Length; i += 5)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0xA5;
            Assert.Throws<ModelFormatException>(() => FeatureStore.Load(new MemoryStream(copy)));
        }
    }

    [Fact]
    public void Load_EveryTruncation_ThrowsModelFormatException()
    {
        var bytes = Bytes(Store());
        for (var length = 0; length < bytes.Length; length += 3)
        {
            Assert.Throws<ModelFormatException>(() => FeatureStore.Load(new MemoryStream(bytes, 0, length)));
        }
    }

    [Fact]
    public void Load_ContentModelFile_ThrowsModelFormatException()
    {
        using var stream = new MemoryStream();
        new Recommender.Content.ContentTrainer(timeProvider: Clock()).Fit(Posts(), [], TestContext.Current.CancellationToken).Save(stream);
        Assert.Throws<ModelFormatException>(() => FeatureStore.Load(new MemoryStream(stream.ToArray())));
    }

    public static TheoryData<string> Forgeries() =>
    [
        "author out of range", "seen not ascending", "seen out of range", "share above one", "negative count",
        "kind counts short", "impossible time", "offsets", "follow out of range", "nan velocity",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void Load_ForgedButChecksummedData_ThrowsModelFormatException(string forgery)
    {
        // Written normally, so every checksum is valid: only validation can reject these.
        var d = Store().Data;
        var postAuthor = d.PostAuthor.ToArray();
        var seenIdx = d.SeenIdx.ToArray();
        var shareValues = d.ShareValues.ToArray();
        var userKinds = d.UserKinds.ToArray();
        var postCreated = d.PostCreated.ToArray();
        var seenPtr = d.SeenPtr.ToArray();
        var followIdx = d.FollowIdx.ToArray();
        var velocity = d.PostVelocity.ToArray();
        switch (forgery)
        {
            case "author out of range": postAuthor[0] = -2; break;
            case "seen not ascending": (seenIdx[0], seenIdx[1]) = (seenIdx[1], seenIdx[0]); break;
            case "seen out of range": seenIdx[0] = d.Posts.Count; break;
            case "share above one": shareValues[0] = 1.5f; break;
            case "negative count": userKinds[0] = -1; break;
            case "kind counts short": userKinds = userKinds[1..]; break;
            case "impossible time": postCreated[0] = -5; break;
            case "offsets": seenPtr[1] = seenPtr[^1] + 1; break;
            case "follow out of range": followIdx[0] = -1; break;
            case "nan velocity": velocity[0] = float.NaN; break;
        }

        var forged = new FeatureStore(new FeatureStoreData
        {
            Users = d.Users,
            Posts = d.Posts,
            Authors = d.Authors,
            Tags = d.Tags,
            ReferenceTime = d.ReferenceTime,
            Options = d.Options,
            Accepted = d.Accepted,
            Skipped = d.Skipped,
            GlobalHours = d.GlobalHours,
            GlobalDays = d.GlobalDays,
            UserCreated = d.UserCreated,
            UserKinds = userKinds,
            UserHours = d.UserHours,
            UserDays = d.UserDays,
            UserFirst = d.UserFirst,
            UserLast = d.UserLast,
            SeenPtr = seenPtr,
            SeenIdx = seenIdx,
            SharePtr = d.SharePtr,
            ShareIdx = d.ShareIdx,
            ShareValues = shareValues,
            TagPrefPtr = d.TagPrefPtr,
            TagPrefIdx = d.TagPrefIdx,
            TagPrefValues = d.TagPrefValues,
            FollowPtr = d.FollowPtr,
            FollowIdx = followIdx,
            PostCreated = postCreated,
            PostAuthor = postAuthor,
            PostKinds = d.PostKinds,
            PostVelocity = velocity,
            PostUsers = d.PostUsers,
            AuthorPosts = d.AuthorPosts,
            AuthorFollowers = d.AuthorFollowers,
        });
        Assert.Throws<ModelFormatException>(() => FeatureStore.Load(new MemoryStream(Bytes(forged))));
    }

    [Fact]
    public void Load_ForgedHeaderOptions_ThrowsModelFormatException()
    {
        var store = Store();
        var d = store.Data;
        var bytes = ContainerRewriter.Rewrite(Bytes(store), "features", Tags, "FTHD", h =>
        {
            h.WriteInt32(d.Users.Count);
            h.WriteInt32(d.Posts.Count);
            h.WriteInt32(d.Authors.Count);
            h.WriteInt32(d.Tags.Count);
            h.WriteInt64(d.ReferenceTime.UtcTicks);
            h.WriteInt64(0); // freshness half-life 0: invalid
            h.WriteSingle(d.Options.TimeMatchPriorStrength);
            h.WriteInt64(d.Options.VelocityWindow.Ticks);
            h.WriteInt32(d.Options.PreferredCount);
            EngagementWeigher.Write(h, d.Options.Weighting);
            h.WriteInt64(d.Accepted);
            h.WriteInt64(d.Skipped);
            h.WriteInt32s(d.GlobalHours);
            h.WriteInt32s(d.GlobalDays);
        });
        var ex = Assert.Throws<ModelFormatException>(() => FeatureStore.Load(new MemoryStream(bytes)));
        Assert.Contains("FreshnessHalfLife", ex.Message);
    }
}
