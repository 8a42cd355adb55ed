using Recommender.Collaborative;
using Recommender.Content;
using Recommender.Features;
using Recommender.Serialization;
using static Recommender.Core.Tests.Features.FeatureFixtures;

namespace Recommender.Core.Tests.Serialization;

public class CombinedContainerTests
{
    [Fact]
    public void OneContainer_HoldsNmfContentAndFeatureChunks_WithoutTagClashes()
    {
        var engagements = Engagements().Where(e => e.UserId.Length > 0 && Enum.IsDefined(e.Kind)).ToArray();
        var nmf = new NmfTrainer(new NmfOptions { Factors = 2, MaxIterations = 3 }, timeProvider: Clock()).Fit(engagements, cancellationToken: TestContext.Current.CancellationToken);
        var content = new ContentTrainer(timeProvider: Clock()).Fit(Posts(), engagements, TestContext.Current.CancellationToken);
        var store = Store();

        using var stream = new MemoryStream();
        var writer = ModelWriter.Begin(stream, "bundle");
        nmf.WriteChunks(writer);
        content.WriteChunks(writer);
        store.WriteChunks(writer);
        writer.End();

        var reader = ModelReader.Read(new MemoryStream(stream.ToArray()), "bundle");
        var nmf2 = NmfModel.ReadChunks(reader);
        var content2 = ContentModel.ReadChunks(reader);
        var store2 = FeatureStore.ReadChunks(reader);
        Assert.Equal(nmf.Posts.Count, nmf2.Posts.Count);
        Assert.Equal(content.TermCount, content2.TermCount);
        Assert.Equal(store.Users.Count, store2.Users.Count);
        var a = new FeatureExtractor(store, content, nmf, timeProvider: Clock()).GetPairFeatures("u1", Post("p1"));
        var b = new FeatureExtractor(store2, content2, nmf2, timeProvider: Clock()).GetPairFeatures("u1", Post("p1"));
        Assert.Equal(a, b);
    }
}
