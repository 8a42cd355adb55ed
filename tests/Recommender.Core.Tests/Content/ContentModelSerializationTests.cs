using Recommender.Content;
using Recommender.Serialization;
using Recommender.Core.Tests.Serialization;
using static Recommender.Core.Tests.Content.ContentFixtures;

namespace Recommender.Core.Tests.Content;

public class ContentModelSerializationTests
{
    private static ContentModel Sample()
    {
        var options = new ContentOptions { MinDocumentFrequency = 1 };
        global::Recommender.Data.Post[] posts = [.. ThreePosts(), Post("t", "bob", ["dotnet"], "fast dotnet code, Größe"), Post("empty", null, [])];
        return Train(posts, [Like("u1", "p1"), Like("u1", "t"), Hide("u2", "p2"), Like("u3", "p3")], options);
    }

    private static byte[] Bytes(ContentModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    [Fact]
    public void SaveLoad_RoundTrip_PreservesEverything()
    {
        var model = Sample();
        var loaded = ContentModel.Load(new MemoryStream(Bytes(model)));
        Assert.Equal(model.TermCount, loaded.TermCount);
        Assert.Equal(model.ReferenceTime, loaded.ReferenceTime);
        Assert.Equal(model.Users.AsSpan().ToArray(), loaded.Users.AsSpan().ToArray());
        Assert.Equal(model.Posts.AsSpan().ToArray(), loaded.Posts.AsSpan().ToArray());
        for (var t = 0; t < model.TermCount; t++)
        {
            Assert.Equal(model.GetTerm(t), loaded.GetTerm(t));
            Assert.Equal(model.GetIdf(t), loaded.GetIdf(t));
        }

        for (var p = 0; p < model.Posts.Count; p++)
        {
            Assert.Equal(model.GetPostVector(p).ToArray(), loaded.GetPostVector(p).ToArray());
        }

        for (var u = 0; u < model.Users.Count; u++)
        {
            Assert.Equal(model.GetProfileTerms(u).ToArray(), loaded.GetProfileTerms(u).ToArray());
            Assert.Equal(model.GetProfileWeights(u).ToArray(), loaded.GetProfileWeights(u).ToArray());
        }

        // Options travel too: a new post is vectorised identically (text included), and fold-in weighs identically.
        var fresh = Post("fresh", "alice", ["DotNet"], "fast code");
        Assert.Equal(model.Score("u1", fresh), loaded.Score("u1", fresh));
        Assert.Equal(Bytes(model), Bytes(loaded));
    }

    [Fact]
    public void Load_EveryFlippedByte_ThrowsModelFormatException()
    {
        var bytes = Bytes(Sample());
        for (var i = 0; i < bytes.Length; i += 7)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x5A;
            Assert.Throws<ModelFormatException>(() => ContentModel.Load(new MemoryStream(copy)));
        }
    }

    [Fact]
    public void Load_EveryTruncation_ThrowsModelFormatException()
    {
        var bytes = Bytes(Sample());
        for (var length = 0; length < bytes.Length; length += 5)
        {
            Assert.Throws<ModelFormatException>(() => ContentModel.Load(new MemoryStream(bytes, 0, length)));
        }
    }

    [Fact]
    public void Load_AnotherModelKind_ThrowsModelFormatException()
    {
        using var stream = new MemoryStream();
        var writer = ModelWriter.Begin(stream, "nmf");
        writer.End();
        var ex = Assert.Throws<ModelFormatException>(() => ContentModel.Load(new MemoryStream(stream.ToArray())));
        Assert.Contains("'nmf'", ex.Message);
    }

    public static TheoryData<string> Forgeries() => ["term out of range", "rows not ascending", "weight above one", "negative weight", "offsets", "profile count"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void Load_ForgedButChecksummedArrays_ThrowsModelFormatException(string forgery)
    {
        // The forged model is written normally, so every checksum is valid: only validation can catch these.
        var model = Sample();
        var postPtr = new[] { 0, 2 };
        var postTerms = new[] { 0, 1 };
        var postWeights = new[] { 0.6f, 0.8f };
        var profilePtr = new[] { 0, 1 };
        var profileTerms = new[] { 0 };
        var profileWeights = new[] { 1f };
        var users = global::Recommender.Data.IdIndex.Create(["u"]);
        var posts = global::Recommender.Data.IdIndex.Create(["p"]);
        switch (forgery)
        {
            case "term out of range": postTerms[1] = model.TermCount; break;
            case "rows not ascending": postTerms = [1, 0]; break;
            case "weight above one": postWeights[0] = 1.5f; break;
            case "negative weight": profileWeights[0] = -1f; break;
            case "offsets": postPtr = [0, 3]; break;
            case "profile count": users = global::Recommender.Data.IdIndex.Create(["u", "v"]); break;
        }

        var forged = new ContentModel(model.Vocabulary, users, posts, postPtr, postTerms, postWeights, profilePtr, profileTerms, profileWeights, model.Options, model.ReferenceTime);
        Assert.Throws<ModelFormatException>(() => ContentModel.Load(new MemoryStream(Bytes(forged))));
    }

    [Theory]
    [InlineData("duplicate term")]
    [InlineData("undefined kind")]
    [InlineData("zero idf")]
    [InlineData("count mismatch")]
    public void Load_ForgedVocabulary_ThrowsModelFormatException(string forgery)
    {
        var model = Sample();
        var kinds = new int[model.TermCount];
        var values = new string[model.TermCount];
        var idf = new float[model.TermCount];
        for (var t = 0; t < model.TermCount; t++)
        {
            kinds[t] = (int)model.GetTermKind(t);
            values[t] = model.Vocabulary.Values[t];
            idf[t] = model.GetIdf(t);
        }

        switch (forgery)
        {
            case "duplicate term": (kinds[1], values[1]) = (kinds[0], values[0]); break;
            case "undefined kind": kinds[0] = 7; break;
            case "zero idf": idf[0] = 0f; break;
            case "count mismatch": idf = idf[1..]; break;
        }

        var bytes = ContainerRewriter.Rewrite(Bytes(model), "content", ["CNTH", "CTRM", "CUID", "CPID", "CPVC", "CPRF"], "CTRM", chunk =>
        {
            chunk.WriteInt32s(kinds);
            chunk.WriteStrings(values);
            chunk.WriteSingles(idf);
        });
        Assert.Throws<ModelFormatException>(() => ContentModel.Load(new MemoryStream(bytes)));
    }

    [Fact]
    public void ContainerRewriter_WithoutChanges_StillLoads()
    {
        var model = Sample();
        var bytes = ContainerRewriter.Rewrite(Bytes(model), "content", ["CNTH", "CTRM", "CUID", "CPID", "CPVC", "CPRF"], "none", _ => { });
        Assert.Equal(model.TermCount, ContentModel.Load(new MemoryStream(bytes)).TermCount);
    }
}
