namespace Recommender.Content;

/// <summary>One entry of a sparse content vector: a term id of the model's vocabulary and its weight.</summary>
/// <param name="Term">The term id (see <see cref="ContentModel.GetTerm"/>).</param>
/// <param name="Weight">The term's TF-IDF weight in the vector.</param>
public readonly record struct ContentTermWeight(int Term, float Weight);
