using Recommender.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public class BootstrapTests
{
    [Fact]
    public void MeanInterval_ManyUnits_CoversTheMean_AndShrinksWithMoreUnits()
    {
        var random = new Random(3);
        var small = Enumerable.Range(0, 100).Select(_ => random.NextDouble()).ToArray();
        var large = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble()).ToArray();

        var a = Bootstrap.MeanInterval(small);
        var b = Bootstrap.MeanInterval(large);

        Assert.InRange(small.Average(), a.Lower, a.Upper);
        Assert.InRange(large.Average(), b.Lower, b.Upper);
        // The standard error of a uniform mean is 0.2887 / sqrt(n): the 95% half-width is about 1.96 of it.
        Assert.InRange(a.HalfWidth, 0.8 * 1.96 * 0.2887 / 10, 1.2 * 1.96 * 0.2887 / 10);
        Assert.InRange(b.HalfWidth, 0.8 * 1.96 * 0.2887 / 100, 1.2 * 1.96 * 0.2887 / 100);
    }

    [Fact]
    public void MeanInterval_IsReproducible_AndDegenerateForZeroOrOneUnit()
    {
        double[] values = [0.1, 0.5, 0.9, 0.3];

        Assert.Equal(Bootstrap.MeanInterval(values), Bootstrap.MeanInterval(values));
        Assert.Equal(new ConfidenceInterval(0.4, 0.4), Bootstrap.MeanInterval([0.4]));
        Assert.True(double.IsNaN(Bootstrap.MeanInterval([]).Lower));
    }

    [Fact]
    public void PairedDifference_ConsistentSmallGain_IsToldApart_WhereUnpairedIntervalsOverlap()
    {
        // Users differ a lot; model a is better by 0.01 for every user. The unpaired intervals overlap; the paired one does not contain 0.
        var random = new Random(5);
        var b = Enumerable.Range(0, 500).Select(_ => random.NextDouble() * 0.9).ToArray();
        var a = b.Select(v => v + 0.01).ToArray();

        var ia = Bootstrap.MeanInterval(a);
        var ib = Bootstrap.MeanInterval(b);
        var d = Bootstrap.PairedDifference(a, b);

        Assert.True(ia.Lower < ib.Upper, "the unpaired intervals overlap");
        Assert.True(d.ExcludesZeroAbove);
        Assert.InRange(d.Lower, 0.0099, 0.0101);
    }

    [Fact]
    public void PairedDifference_NoRealDifference_ContainsZero()
    {
        var random = new Random(8);
        var a = Enumerable.Range(0, 400).Select(_ => random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 400).Select(_ => random.NextDouble()).ToArray();

        var d = Bootstrap.PairedDifference(a, b);

        Assert.InRange(0.0, d.Lower, d.Upper);
    }

    [Fact]
    public void PairedDifference_DifferentLengths_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Bootstrap.PairedDifference([1.0, 2.0], [1.0]));
        Assert.Contains("2 and 1 values", ex.Message, StringComparison.Ordinal);
    }
}
