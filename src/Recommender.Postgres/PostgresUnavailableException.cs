using System.Data.Common;

namespace Recommender.Postgres;

/// <summary>
/// PostgreSQL could not be reached, or the connection broke during the operation (the server is down, restarting
/// or refusing connections, the network failed, the pool timed out). Every change Recommender.Postgres makes is one
/// transaction, so the failed call changed nothing (or, when the connection broke during the commit itself, all of
/// it); the SDK's changes are idempotent, so retrying later is safe. The message names the operation and the schema,
/// never the connection string; the inner exception is Npgsql's.
/// </summary>
public sealed class PostgresUnavailableException : DbException
{
    /// <summary>Creates the exception.</summary>
    public PostgresUnavailableException()
        : base("PostgreSQL is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public PostgresUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying failure.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying failure (usually an <c>NpgsqlException</c>).</param>
    public PostgresUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Always true: the same call may succeed once the database is back.</summary>
    public override bool IsTransient => true;
}
