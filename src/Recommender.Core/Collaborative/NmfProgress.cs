namespace Recommender.Collaborative;

/// <summary>Reported by <see cref="NmfTrainer"/> after every iteration.</summary>
/// <param name="Iteration">The iteration just finished (1-based).</param>
/// <param name="MaxIterations">The most iterations that will run.</param>
/// <param name="Loss">The objective after the iteration (lower is better).</param>
/// <param name="Elapsed">Time since training started.</param>
public readonly record struct NmfProgress(int Iteration, int MaxIterations, double Loss, TimeSpan Elapsed);
