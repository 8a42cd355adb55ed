using System.Runtime.CompilerServices;
using Recommender.Data;

namespace Recommender.Extensions.DI.Tests.TestSupport;

/// <summary>What the health probe (a post lookup) meets.</summary>
internal enum ProbeBehaviour
{
    Answer,
    Throw,
    HangIgnoringCancellation,
}

/// <summary>
/// Wraps an in-memory source so that a test can hold a training inside the data source (<see cref="Hold"/>), make
/// training reads fail, or make post lookups throw or hang.
/// </summary>
internal sealed class ControlledDataSource(InMemoryDataSource inner) : IRecommenderDataSource
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _release;
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _trainingReads;

    /// <summary>How often a training started reading (ReadUsersAsync is the trainer's first read).</summary>
    public int TrainingReads => Volatile.Read(ref _trainingReads);

    public bool FailTrainingReads { get; set; }

    public ProbeBehaviour Probe { get; set; }

    /// <summary>Completes when a training entered the held read.</summary>
    public Task Entered
    {
        get
        {
            lock (_gate)
            {
                return _entered.Task;
            }
        }
    }

    /// <summary>From now on a training waits inside its first read until <see cref="Release"/> (or its cancellation).</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _release?.TrySetResult();
            _release = null;
        }
    }

    public async IAsyncEnumerable<User> ReadUsersAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _trainingReads);
        Task? hold;
        lock (_gate)
        {
            hold = _release?.Task;
            if (hold is not null)
            {
                _entered.TrySetResult();
            }
        }

        if (hold is not null)
        {
            await hold.WaitAsync(cancellationToken);
        }

        if (FailTrainingReads)
        {
            throw new InvalidOperationException("The test data source failed on purpose.");
        }

        await foreach (var user in inner.ReadUsersAsync(cancellationToken))
        {
            yield return user;
        }
    }

    public IAsyncEnumerable<Post> ReadPostsAsync(DateTimeOffset? createdSince = null, CancellationToken cancellationToken = default) =>
        inner.ReadPostsAsync(createdSince, cancellationToken);

    public IAsyncEnumerable<Engagement> ReadEngagementsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default) =>
        inner.ReadEngagementsAsync(since, cancellationToken);

    public IAsyncEnumerable<Follow> ReadFollowsAsync(CancellationToken cancellationToken = default) => inner.ReadFollowsAsync(cancellationToken);

    public ValueTask<IReadOnlyList<Post>> FindPostsAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken = default) => Probe switch
    {
        ProbeBehaviour.Throw => throw new InvalidOperationException("The test database is down."),
        ProbeBehaviour.HangIgnoringCancellation => new ValueTask<IReadOnlyList<Post>>(new TaskCompletionSource<IReadOnlyList<Post>>().Task),
        _ => inner.FindPostsAsync(postIds, cancellationToken),
    };
}
