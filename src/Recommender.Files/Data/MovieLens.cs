using System.Globalization;
using System.Text.RegularExpressions;

namespace Recommender.Data;

/// <summary>What MovieLens files mean as posts: genres are tags, the title is the text, the title's year the creation time.</summary>
internal static partial class MovieLens
{
    /// <summary>The 19 genre flags of <c>u.item</c>, in column order (MovieLens 100K's <c>u.genre</c>).</summary>
    public static readonly string[] ItemGenres =
    [
        "unknown", "action", "adventure", "animation", "children's", "comedy", "crime", "documentary", "drama", "fantasy",
        "film-noir", "horror", "musical", "mystery", "romance", "sci-fi", "thriller", "war", "western",
    ];

    /// <summary>The genre list MovieLens writes for a movie without genres.</summary>
    public const string NoGenres = "(no genres listed)";

    /// <summary>
    /// MovieLens has no post creation time: 1 January (UTC) of the last "(yyyy)" year in the title, else
    /// <see cref="DateTimeOffset.UnixEpoch"/>.
    /// </summary>
    public static DateTimeOffset CreatedAt(string title)
    {
        var matches = YearPattern().Matches(title);
        if (matches.Count > 0
            && int.TryParse(matches[^1].Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year is >= 1 and <= 9999)
        {
            return new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        }

        return DateTimeOffset.UnixEpoch;
    }

    /// <summary>Adds a tag lower-cased and trimmed, unless empty or already present.</summary>
    public static void AddTag(List<string> tags, ReadOnlySpan<char> tag)
    {
        var trimmed = tag.Trim();
        if (trimmed.IsEmpty)
        {
            return;
        }

        var lower = trimmed.ToString().ToLowerInvariant();
        if (!tags.Contains(lower))
        {
            tags.Add(lower);
        }
    }

    /// <summary>Adds every '|'-separated genre (MovieLens' "(no genres listed)" adds none).</summary>
    public static void AddGenres(List<string> tags, ReadOnlySpan<char> genres)
    {
        if (genres.Trim().Equals(NoGenres, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        foreach (var range in genres.Split('|'))
        {
            AddTag(tags, genres[range]);
        }
    }

    /// <summary>The user tag file that sits beside a movies file, if any: tags.csv beside movies.csv, tags.dat beside movies.dat.</summary>
    public static string? TagsFileBeside(string moviesPath)
    {
        var directory = Path.GetDirectoryName(moviesPath);
        var tags = Path.Combine(string.IsNullOrEmpty(directory) ? "." : directory, "tags" + Path.GetExtension(moviesPath));
        return File.Exists(tags) ? tags : null;
    }

    [GeneratedRegex(@"\((\d{4})(?:[-–]\d{0,4})?\)", RegexOptions.CultureInvariant)]
    private static partial Regex YearPattern();
}
