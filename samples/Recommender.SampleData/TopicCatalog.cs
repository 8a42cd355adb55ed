namespace Recommender.SampleData;

/// <summary>The built-in topics: each with tags a post on it may carry and phrases its text is made of.</summary>
internal static class TopicCatalog
{
    public static IReadOnlyList<Topic> All { get; } =
    [
        new("dotnet", ["csharp", "aspnetcore", "performance", "nuget", "blazor", "efcore", "aot"], ["source generators", "span-based parsing", "minimal APIs", "the new JIT", "async streams", "native AOT"]),
        new("cooking", ["recipes", "baking", "sourdough", "vegan", "mealprep", "spices"], ["a sourdough starter", "slow-cooked ragù", "homemade pasta", "a cast-iron pan", "weeknight curry", "proper knife skills"]),
        new("travel", ["backpacking", "roadtrip", "lisbon", "japan", "budgettravel", "hiking"], ["night trains", "a week in Lisbon", "packing light", "hostels in Kyoto", "off-season trips", "the Alps by bus"]),
        new("photography", ["film", "streetphotography", "lenses", "lightroom", "portraits", "goldenhour"], ["35mm film", "a 50mm prime", "street portraits", "editing in Lightroom", "golden hour light", "long exposures"]),
        new("football", ["premierleague", "tactics", "transfers", "worldcup", "var", "fantasy"], ["the high press", "inverted full-backs", "the transfer window", "VAR decisions", "set pieces", "fantasy picks"]),
        new("music", ["vinyl", "jazz", "synths", "livemusic", "playlists", "guitar"], ["a jazz trio", "modular synths", "vinyl pressings", "small venues", "guitar pedals", "a new playlist"]),
        new("gardening", ["tomatoes", "compost", "houseplants", "permaculture", "seeds", "balcony"], ["heirloom tomatoes", "a compost bin", "balcony herbs", "saving seeds", "no-dig beds", "monstera care"]),
        new("gaming", ["indiegames", "speedrun", "rpg", "retro", "esports", "boardgames"], ["an indie roguelike", "speedrun routes", "retro consoles", "a long RPG", "co-op board games", "the esports finals"]),
        new("fitness", ["running", "strength", "yoga", "marathon", "mobility", "cycling"], ["a marathon plan", "progressive overload", "morning yoga", "zone 2 runs", "mobility drills", "gravel cycling"]),
        new("finance", ["investing", "budgeting", "etf", "fire", "taxes", "savings"], ["index funds", "a zero-based budget", "an emergency fund", "early retirement", "tax-loss harvesting", "high-yield savings"]),
        new("science", ["space", "physics", "biology", "climate", "astronomy", "research"], ["the James Webb telescope", "quantum sensors", "CRISPR trials", "ocean heat records", "a meteor shower", "peer review"]),
        new("movies", ["cinema", "scifi", "horror", "documentary", "oscars", "criterion"], ["a slow-burn horror", "the Oscar shortlist", "a Criterion restoration", "practical effects", "a festival documentary", "70mm screenings"]),
    ];

    private static readonly string[] Templates =
    [
        "Thoughts on {0}? I keep coming back to {1}.",
        "My take on {0}: {1} matters more than you think.",
        "Spent the weekend on {0}. {1} is next!",
        "Quick tip about {0} for anyone into {1}.",
        "Is {0} overrated? Honest answers only.",
        "Week three of {0}, and {1} finally clicked.",
        "Small thread on {0} vs {1} — what would you pick?",
        "Nobody talks about {0} enough. Also: {1}.",
    ];

    /// <summary>A short post text on a topic.</summary>
    public static string Text(Topic topic, Random random)
    {
        var i = random.Next(topic.Phrases.Length);
        var j = (i + 1 + random.Next(topic.Phrases.Length - 1)) % topic.Phrases.Length;
        var (a, b) = (topic.Phrases[i], topic.Phrases[j]);
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, Templates[random.Next(Templates.Length)], a, b);
    }

    /// <summary>The topic as first tag, then one or two of its tags.</summary>
    public static string[] Tags(Topic topic, Random random)
    {
        var first = topic.Tags[random.Next(topic.Tags.Length)];
        if (random.NextDouble() < 0.5)
        {
            return [topic.Name, first];
        }

        var second = topic.Tags[random.Next(topic.Tags.Length)];
        return second == first ? [topic.Name, first] : [topic.Name, first, second];
    }

    internal sealed record Topic(string Name, string[] Tags, string[] Phrases);
}
