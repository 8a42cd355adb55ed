using Npgsql;

namespace Recommender.WebApi.Hosting;

/// <summary>
/// Before the host starts with PostgreSQL: is the connection string valid, and does the server answer? A host that
/// cannot reach its database would otherwise fail while migrating at start with the same stack trace three times
/// (about 60 lines); this says in one line what failed and what to check. The connection string itself is never
/// repeated (it may hold a password).
/// </summary>
internal static class PostgresPreflight
{
    public const string Example = "\"Host=localhost;Port=5432;Database=app;Username=app;Password=...\"";

    /// <summary>The problem (and the exit code to stop with), or null when the server answers.</summary>
    public static async Task<(string Message, int ExitCode)?> CheckAsync(string connectionString, CancellationToken cancellationToken)
    {
        const string Where = "--postgres (ConnectionStrings:" + WebApiDefaults.ConnectionStringName + ")";
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            var reason = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
            return ($"{Where}: not a valid Npgsql connection string ({reason.TrimEnd('.')}); give one like {Example}", 2);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            return ($"{Where}: the connection string names no Host; give one like {Example}", 2);
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(builder);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return null;
        }
        catch (PostgresException e)
        {
            return ($"{Where}: PostgreSQL at {builder.Host}:{builder.Port} refused the connection ({e.SqlState}: {e.MessageText.TrimEnd('.')}); check Username, Password and Database", 1);
        }
        catch (NpgsqlException e)
        {
            var reason = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{e.Message.TrimEnd('.')}: {inner.Message.TrimEnd('.')}"
                : e.Message.TrimEnd('.');
            return ($"{Where}: could not connect to PostgreSQL ({reason}); check that the server is running and that Host and Port are right", 1);
        }
    }
}
