using Recommender.Content;

namespace Recommender.Core.Tests.Content;

public class TextTokenizerTests
{
    private static List<string> Tokens(string text, int minLength = 3)
    {
        var result = new List<string>();
        Span<char> buffer = stackalloc char[ContentDefaults.MaxTokenLength];
        var tokens = new TokenEnumerator(text, buffer, minLength);
        while (tokens.MoveNext())
        {
            result.Add(new string(tokens.Current));
        }

        return result;
    }

    [Fact]
    public void Tokens_LowerCasesAndSplitsOnNonLettersOrDigits() =>
        Assert.Equal(["hello", "dotnet", "world", "c99"], Tokens("Hello,DOTNET-world!! c99"));

    [Fact]
    public void Tokens_DropsStopWordsShortTokensAndDigitOnlyTokens() =>
        Assert.Equal(["cat", "mat"], Tokens("The cat is on the mat in 2026 ok"));

    [Fact]
    public void Tokens_DropsTokensLongerThanTheLimit() =>
        Assert.Equal(["short"], Tokens("short " + new string('x', ContentDefaults.MaxTokenLength + 1)));

    [Fact]
    public void Tokens_KeepsNonAsciiLetters() =>
        Assert.Equal(["größe", "café"], Tokens("Größe café"));

    [Theory]
    [InlineData("  #DotNet ", "dotnet")]
    [InlineData("##AI", "ai")]
    [InlineData("machine learning", "machine learning")]
    [InlineData("   ", null)]
    [InlineData("#", null)]
    public void NormalizeTag_TrimsStripsHashAndLowerCases(string tag, string? expected) =>
        Assert.Equal(expected, TextTokenizer.NormalizeTag(tag));

    [Fact]
    public void NormalizeTag_TooLong_IsDropped() =>
        Assert.Null(TextTokenizer.NormalizeTag(new string('a', ContentDefaults.MaxTagLength + 1)));

    [Fact]
    public void CountWords_CountsEveryRunOfLettersAndDigits() =>
        Assert.Equal(5, TextTokenizer.CountWords("It's 2026 — hello, world"));
}
