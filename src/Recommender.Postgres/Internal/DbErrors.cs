using Npgsql;

namespace Recommender.Postgres;

/// <summary>Tells "the database is unavailable" apart from other database errors, and wraps it.</summary>
internal static class DbErrors
{
    /// <summary>
    /// True for failures to reach or keep a connection: I/O and socket errors, timeouts opening a connection, and
    /// the server errors of class 08 (connection exception), 57P01-57P03 (shutdown, crash, cannot connect now) and
    /// 53300 (too many connections). Not for SQL errors, constraint violations or serialization failures.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresUnavailableException => false, // already wrapped
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.TooManyConnections,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException,
        _ => false,
    };

    /// <summary>A <see cref="PostgresUnavailableException"/> naming the operation and schema.</summary>
    public static PostgresUnavailableException Unavailable(string operation, string schema, Exception inner)
        => new($"PostgreSQL is unavailable: could not {operation} (schema '{schema}'). {Describe(inner)} Retry when the database is back.", inner);

    /// <summary>A short, secret-free description of a database failure: the SQLSTATE, the socket error or the exception type.</summary>
    public static string Describe(Exception inner) => inner switch
    {
        PostgresException pg => $"The server said {pg.SqlState}.",
        { InnerException: System.Net.Sockets.SocketException socket } => $"Socket error: {socket.SocketErrorCode}.",
        { InnerException: TimeoutException } => "Timed out.",
        _ => $"{inner.GetType().Name}.",
    };
}
