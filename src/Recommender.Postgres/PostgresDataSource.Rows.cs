using System.Text;
using Npgsql;
using Recommender.Data;

namespace Recommender.Postgres;

public sealed partial class PostgresDataSource
{
    /// <summary>Turns rows of one read into items; counts what it skips and reports it when the read completes.</summary>
    private abstract class RowReader<T>(PostgresDataSource owner, string what, int columns, string shape)
    {
        protected PostgresDataSource Owner { get; } = owner;

        protected long Missing { get; set; }

        public string What { get; } = what;

        /// <summary>Fails clearly when a host SELECT returns the wrong number of columns.</summary>
        public void CheckShape(NpgsqlDataReader reader)
        {
            if (reader.FieldCount != columns)
            {
                throw new InvalidOperationException(
                    $"The SELECT for {What} must return {columns} columns ({shape}); it returned {reader.FieldCount}.");
            }
        }

        public bool TryRead(NpgsqlDataReader reader, out T item)
        {
            try
            {
                return TryReadRow(reader, out item);
            }
            catch (InvalidCastException ex)
            {
                throw new InvalidOperationException(
                    $"The SELECT for {What} returned a column of an unexpected type; it must return ({shape}). {ex.Message}", ex);
            }
        }

        /// <summary>Adds this read's counts to the source's statistics and logs what was skipped.</summary>
        public virtual void Complete(long returned)
        {
            Owner._counters.AddMissing(Missing);
            if (Missing > 0)
            {
                Log.MissingValuesSkipped(Owner._logger, Missing, What);
            }
        }

        protected abstract bool TryReadRow(NpgsqlDataReader reader, out T item);

        protected bool Skip(out T item)
        {
            Missing++;
            item = default!;
            return false;
        }
    }

    private sealed class UserReader(PostgresDataSource owner)
        : RowReader<User>(owner, "users", HostSql.UserColumns, "id text, created_at timestamptz")
    {
        public override void Complete(long returned)
        {
            Owner._counters.AddUsers(returned);
            base.Complete(returned);
        }

        protected override bool TryReadRow(NpgsqlDataReader reader, out User item)
        {
            if (reader.IsDBNull(0))
            {
                return Skip(out item);
            }

            item = new User(reader.GetString(0))
            {
                CreatedAt = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
            };
            return true;
        }
    }

    private sealed class PostReader(PostgresDataSource owner)
        : RowReader<Post>(owner, "posts", HostSql.PostColumns, "id text, author_id text, created_at timestamptz, tags text[], text text")
    {
        public override void Complete(long returned)
        {
            Owner._counters.AddPosts(returned);
            base.Complete(returned);
        }

        protected override bool TryReadRow(NpgsqlDataReader reader, out Post item)
        {
            if (reader.IsDBNull(0) || reader.IsDBNull(2))
            {
                return Skip(out item);
            }

            item = new Post(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            {
                Tags = reader.IsDBNull(3) ? [] : WithoutNulls(reader.GetFieldValue<string[]>(3)),
                Text = reader.IsDBNull(4) ? null : reader.GetString(4),
            };
            return true;
        }

        /// <summary>A text[] may hold NULL elements; tags never do.</summary>
        private static string[] WithoutNulls(string[] tags)
            => Array.Exists(tags, t => t is null) ? Array.FindAll(tags, t => t is not null) : tags;
    }

    private sealed class EngagementReader(PostgresDataSource owner)
        : RowReader<Engagement>(owner, "engagements", HostSql.EngagementColumns, "user_id text, post_id text, kind text, created_at timestamptz, weight real")
    {
        private const int MaxSampleKinds = 5;
        private const int MaxSampleLength = 40;
        private readonly Dictionary<string, EngagementKind> _kinds = owner._kinds;
        private List<string>? _unknownSample;
        private long _unknown;

        public override void Complete(long returned)
        {
            Owner._counters.AddEngagements(returned, _unknown);
            if (_unknown > 0)
            {
                Log.UnknownKindsSkipped(Owner._logger, _unknown, string.Join(", ", _unknownSample!));
            }

            base.Complete(returned);
        }

        protected override bool TryReadRow(NpgsqlDataReader reader, out Engagement item)
        {
            if (reader.IsDBNull(0) || reader.IsDBNull(1) || reader.IsDBNull(2) || reader.IsDBNull(3))
            {
                return Skip(out item);
            }

            var kindName = reader.GetString(2);
            if (!_kinds.TryGetValue(kindName, out var kind))
            {
                RecordUnknown(kindName);
                item = default;
                return false;
            }

            item = new Engagement(
                reader.GetString(0),
                reader.GetString(1),
                kind,
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFloat(4));
            return true;
        }

        private void RecordUnknown(string kindName)
        {
            _unknown++;
            _unknownSample ??= [];
            if (_unknownSample.Count < MaxSampleKinds)
            {
                var shown = Quote(kindName);
                if (!_unknownSample.Contains(shown))
                {
                    _unknownSample.Add(shown);
                }
            }
        }

        /// <summary>A log-safe rendering of a kind: short, with control characters escaped.</summary>
        private static string Quote(string kindName)
        {
            var text = kindName.Length > MaxSampleLength ? kindName[..MaxSampleLength] + "..." : kindName;
            var builder = new StringBuilder(text.Length + 2).Append('\'');
            foreach (var c in text)
            {
                builder.Append(char.IsControl(c) ? '?' : c);
            }

            return builder.Append('\'').ToString();
        }
    }

    private sealed class FollowReader(PostgresDataSource owner)
        : RowReader<Follow>(owner, "follows", HostSql.FollowColumns, "follower_id text, followee_id text, created_at timestamptz")
    {
        public override void Complete(long returned)
        {
            Owner._counters.AddFollows(returned);
            base.Complete(returned);
        }

        protected override bool TryReadRow(NpgsqlDataReader reader, out Follow item)
        {
            if (reader.IsDBNull(0) || reader.IsDBNull(1) || reader.IsDBNull(2))
            {
                return Skip(out item);
            }

            item = new Follow(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
            return true;
        }
    }

    /// <summary>Cumulative counters, updated once per read.</summary>
    private sealed class Counters
    {
        private long _users;
        private long _posts;
        private long _engagements;
        private long _follows;
        private long _unknownKind;
        private long _missing;

        public void AddUsers(long n) => Interlocked.Add(ref _users, n);

        public void AddPosts(long n) => Interlocked.Add(ref _posts, n);

        public void AddFollows(long n) => Interlocked.Add(ref _follows, n);

        public void AddMissing(long n) => Interlocked.Add(ref _missing, n);

        public void AddEngagements(long n, long unknownKind)
        {
            Interlocked.Add(ref _engagements, n);
            Interlocked.Add(ref _unknownKind, unknownKind);
        }

        public PostgresDataSourceStatistics Snapshot() => new()
        {
            UsersRead = Interlocked.Read(ref _users),
            PostsRead = Interlocked.Read(ref _posts),
            EngagementsRead = Interlocked.Read(ref _engagements),
            FollowsRead = Interlocked.Read(ref _follows),
            SkippedUnknownKind = Interlocked.Read(ref _unknownKind),
            SkippedMissingValue = Interlocked.Read(ref _missing),
        };
    }
}
