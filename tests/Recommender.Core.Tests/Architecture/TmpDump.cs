namespace Recommender.Core.Tests.Architecture;

public sealed class TmpDump
{
    [Fact]
    public void Dump()
    {
        var lines = new List<string>();
        foreach (var (type, used) in TypeReferences.Of(typeof(Recommender.Data.Engagement).Assembly))
        {
            foreach (var u in used)
            {
                lines.Add($"{type} -> {u}");
            }
        }

        File.WriteAllLines("/tmp/a1/refs.txt", lines);
    }
}
