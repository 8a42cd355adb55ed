namespace Recommender.Training;

/// <summary>Reported while a model trains.</summary>
/// <param name="Stage">What is running, e.g. "reading", "collaborative", "blend".</param>
/// <param name="Fraction">Overall progress, 0 to 1.</param>
/// <param name="Iteration">The NMF iteration during "collaborative" stages, else 0.</param>
/// <param name="Loss">The NMF objective after that iteration, else NaN.</param>
public readonly record struct TrainingProgress(string Stage, double Fraction, int Iteration = 0, double Loss = double.NaN);
