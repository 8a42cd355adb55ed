using Npgsql;
using Recommender.Postgres;
using Recommender.SampleData;

namespace Recommender.WebApi.Hosting;

/// <summary>
/// <c>--seed-sample</c>: creates the sample host tables (<see cref="PostgresSampleSchema"/>) when missing and, when
/// they hold no user yet, fills them with a generated feed by binary COPY. Never touches tables that have data.
/// </summary>
internal static class PostgresSampleSeeder
{
    /// <summary>Seeds the tables; returns the number of engagements written (0 when the tables already had data).</summary>
    public static async Task<int> SeedAsync(NpgsqlDataSource dataSource, string? schema, Func<SocialFeed> feed, CancellationToken cancellationToken)
    {
        await PostgresSampleSchema.CreateAsync(dataSource, schema, cancellationToken);
        var prefix = schema is null ? string.Empty : $"\"{schema}\".";
        await using (var count = dataSource.CreateCommand($"SELECT EXISTS (SELECT 1 FROM {prefix}users)"))
        {
            if (await count.ExecuteScalarAsync(cancellationToken) is true)
            {
                return 0;
            }
        }

        var data = feed();
        var users = data.Users.Select(u => u.CreatedAt is null ? u with { CreatedAt = data.Posts[0].CreatedAt } : u);
        await PostgresSampleSchema.FillAsync(dataSource, schema, users, data.Posts, data.Engagements, data.Follows, truncate: false, cancellationToken);
        return data.Engagements.Count;
    }
}
