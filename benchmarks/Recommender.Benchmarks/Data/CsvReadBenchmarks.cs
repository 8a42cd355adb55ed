using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using nietras.SeparatedValues;
using Recommender.Data;
using Sylvan.Data.Csv;

namespace Recommender.Benchmarks.Data;

/// <summary>
/// Reads a generated 1 M-row engagements CSV (<c>user_id,post_id,timestamp,kind,weight</c>; 20,000 users, 50,000
/// posts, one row in 50 with a quoted post id holding a comma, one in 10 with an ISO-8601 timestamp, one in 3
/// weighted). <see cref="DataFiles"/> (Sylvan.Data.Csv underneath) is the baseline; the peers tokenize with Sep and
/// Sylvan.Data.Csv directly and map every row the same way (pooled ids, timestamp, kind, weight), and the
/// TokenizeOnly rows only tokenize, so the ratios compare the libraries and the cost of the shipped mapping; the CrLf
/// row reads the same rows with "\r\n" line ends. The hand-written reader these replaced was measured here before it
/// was removed (see the commit that added this file: its tokenizer took 83 ms per million rows against Sep's 35 and
/// Sylvan's 46, and allocated 88 MB against about 0.2 MB). Run with
/// <c>dotnet run -c Release --project benchmarks/Recommender.Benchmarks -- --filter '*CsvRead*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class CsvReadBenchmarks
{
    private const int Rows = 1_000_000;
    private string _directory = null!;
    private string _path = null!;
    private string _crLfPath = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "recommender-csv-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, "engagements.csv");
        var rows = SyntheticEngagements.Generate(20_000, 50_000, Rows, seed: 11);
        for (var i = 0; i < rows.Length; i++)
        {
            var e = rows[i];
            rows[i] = e with
            {
                PostId = i % 50 == 0 ? e.PostId + ",x" : e.PostId,
                Timestamp = i % 10 == 0 ? e.Timestamp.AddMilliseconds(i % 1000) : e.Timestamp,
                Weight = i % 3 == 0 ? 0.5f + (i % 7) : null,
            };
        }

        DataFiles.WriteEngagements(_path, rows);
        _crLfPath = Path.Combine(_directory, "engagements-crlf.csv");
        File.WriteAllText(_crLfPath, File.ReadAllText(_path).Replace("\n", "\r\n", StringComparison.Ordinal));

        // Every method must read the same rows, or the comparison means nothing.
        var expected = DataFiles_ReadEngagements();
        if (expected != Checksum(rows) || DataFiles_ReadEngagements_CrLf() != expected || Sep() != expected || Sylvan() != expected || Sep_TokenizeOnly() != Sylvan_TokenizeOnly())
        {
            throw new InvalidOperationException("The CSV readers disagree.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>The shipped reader, end to end (field count checks, trimming, errors naming file and line).</summary>
    [Benchmark(Baseline = true)]
    public long DataFiles_ReadEngagements()
    {
        long sum = 0;
        foreach (var e in DataFiles.ReadEngagements(_path))
        {
            sum += Hash(e);
        }

        return sum;
    }

    /// <summary>The same rows with "\r\n" line ends, which the reader turns into "\n" before Sylvan sees them.</summary>
    [Benchmark]
    public long DataFiles_ReadEngagements_CrLf()
    {
        long sum = 0;
        foreach (var e in DataFiles.ReadEngagements(_crLfPath))
        {
            sum += Hash(e);
        }

        return sum;
    }

    /// <summary>Sep 0.18.0 (unescaping on, column count check off as a header-driven reader needs).</summary>
    [Benchmark]
    public long Sep()
    {
        using var reader = nietras.SeparatedValues.Sep.New(',')
            .Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = true })
            .From(OpenText());
        var pool = new StringPool();
        long sum = 0;
        _ = reader.MoveNext();
        while (reader.MoveNext())
        {
            var row = reader.Current;
            sum += Hash(Map(row[0].Span, row[1].Span, row[2].Span, row[3].Span, row[4].Span, pool));
        }

        return sum;
    }

    /// <summary>Sylvan.Data.Csv 1.4.4 (no header row, comments off, records bounded at 1 Mi chars).</summary>
    [Benchmark]
    public long Sylvan()
    {
        var options = new CsvDataReaderOptions { HasHeaders = false, Delimiter = ',', Comment = '\0', MaxBufferSize = 1 << 20 };
        using var reader = CsvDataReader.Create(OpenText(), options);
        var pool = new StringPool();
        long sum = 0;
        _ = reader.Read();
        while (reader.Read())
        {
            sum += Hash(Map(reader.GetFieldSpan(0), reader.GetFieldSpan(1), reader.GetFieldSpan(2), reader.GetFieldSpan(3), reader.GetFieldSpan(4), pool));
        }

        return sum;
    }

    /// <summary>Sep's tokenizer alone.</summary>
    [Benchmark]
    public long Sep_TokenizeOnly()
    {
        using var reader = nietras.SeparatedValues.Sep.New(',')
            .Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = true })
            .From(OpenText());
        long sum = 0;
        while (reader.MoveNext())
        {
            var row = reader.Current;
            for (var i = 0; i < row.ColCount; i++)
            {
                sum += row[i].Span.Length;
            }
        }

        return sum;
    }

    /// <summary>Sylvan's tokenizer alone.</summary>
    [Benchmark]
    public long Sylvan_TokenizeOnly()
    {
        var options = new CsvDataReaderOptions { HasHeaders = false, Delimiter = ',', Comment = '\0', MaxBufferSize = 1 << 20 };
        using var reader = CsvDataReader.Create(OpenText(), options);
        long sum = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.RowFieldCount; i++)
            {
                sum += reader.GetFieldSpan(i).Length;
            }
        }

        return sum;
    }

    private static Engagement Map(
        ReadOnlySpan<char> user, ReadOnlySpan<char> post, ReadOnlySpan<char> timestamp, ReadOnlySpan<char> kind, ReadOnlySpan<char> weight, StringPool pool)
    {
        var time = long.TryParse(timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
        var parsedKind = Enum.Parse<EngagementKind>(kind, ignoreCase: true);
        float? parsedWeight = weight.IsEmpty ? null : float.Parse(weight, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new Engagement(pool.Get(user), pool.Get(post), parsedKind, time, parsedWeight);
    }

    private static long Hash(Engagement e) =>
        e.UserId.Length + (e.PostId.Length * 31L) + e.Timestamp.ToUnixTimeMilliseconds() + (long)e.Kind + (long)((e.Weight ?? 0) * 1000);

    private static long Checksum(Engagement[] rows)
    {
        long sum = 0;
        foreach (var e in rows)
        {
            sum += Hash(e);
        }

        return sum;
    }

    private StreamReader OpenText()
    {
        var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
    }
}
