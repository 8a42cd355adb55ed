using Recommender.Content;
using Recommender.Data;

namespace Recommender.Core.Tests.Content;

public class ContentOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass() => new ContentOptions().Validate();

    [Fact]
    public void Validate_ManyInvalidOptions_ListsEveryProblemOnce()
    {
        var options = new ContentOptions
        {
            TagWeight = -1f,
            AuthorWeight = float.NaN,
            TextWeight = float.PositiveInfinity,
            MinDocumentFrequency = 0,
            MaxTerms = 0,
            ProfileTerms = ContentDefaults.MaxProfileTerms + 1,
            MinTokenLength = 0,
            MaxTextLength = 0,
            Weighting = new EngagementWeightingOptions { HalfLife = TimeSpan.Zero },
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);
        foreach (var name in new[] { "TagWeight", "AuthorWeight", "TextWeight", "MinDocumentFrequency", "MaxTerms", "ProfileTerms", "MinTokenLength", "MaxTextLength", "Weighting:HalfLife" })
        {
            Assert.Contains(name, ex.Message);
        }
    }

    [Fact]
    public void Validate_AllFamiliesOff_Fails()
    {
        var options = new ContentOptions { TagWeight = 0f, AuthorWeight = 0f, TextWeight = 0f };
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("At least one", ex.Message);
    }

    [Fact]
    public void Trainer_InvalidOptions_ThrowsAtConstruction() =>
        Assert.Throws<ArgumentException>(() => new ContentTrainer(new ContentOptions { ProfileTerms = 0 }));
}
