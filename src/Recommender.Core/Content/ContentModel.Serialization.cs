using Recommender.Serialization;

namespace Recommender.Content;

public sealed partial class ContentModel
{
    /// <summary>The model kind written in the container header when the model is saved on its own.</summary>
    internal const string Kind = "content";

    /// <summary>
    /// Writes the model in the versioned container format (chunks CNTH, CTRM, CUID, CPID, CPVC, CPRF, each with a
    /// CRC-32, and a whole-file CRC-32).
    /// </summary>
    /// <param name="stream">A writable stream; left open.</param>
    public void Save(Stream stream)
    {
        var writer = ModelWriter.Begin(stream, Kind);
        WriteChunks(writer);
        writer.End();
    }

    /// <summary>Reads a model written by <see cref="Save(Stream)"/>.</summary>
    /// <param name="stream">A readable stream, positioned at the model.</param>
    /// <exception cref="ModelFormatException">The data is not a content model, is of a newer format, truncated or corrupt.</exception>
    public static ContentModel Load(Stream stream) => ReadChunks(ModelReader.Read(stream, Kind));

    /// <summary>
    /// Writes the model's chunks into a container (alone, or next to other models' chunks). Tags:
    /// CNTH (header: counts, options, weighting, reference time), CTRM (term kinds, values, IDF),
    /// CUID / CPID (user and post ids), CPVC (post vectors: offsets, term ids, weights),
    /// CPRF (user profiles: offsets, term ids, weights). All version 1.
    /// </summary>
    internal void WriteChunks(ModelWriter writer)
    {
        var h = new ChunkWriter();
        h.WriteInt32(TermCount);
        h.WriteInt32(Users.Count);
        h.WriteInt32(Posts.Count);
        h.WriteSingle(Options.TagWeight);
        h.WriteSingle(Options.AuthorWeight);
        h.WriteSingle(Options.TextWeight);
        h.WriteInt32(Options.MinDocumentFrequency);
        h.WriteInt32(Options.MaxTerms);
        h.WriteInt32(Options.ProfileTerms);
        h.WriteInt32(Options.MinTokenLength);
        h.WriteInt32(Options.MaxTextLength);
        EngagementWeigher.Write(h, Options.Weighting);
        h.WriteInt64(ReferenceTime.UtcTicks);
        writer.WriteChunk("CNTH", 1, h);

        var terms = new ChunkWriter();
        var kinds = new int[TermCount];
        for (var t = 0; t < kinds.Length; t++)
        {
            kinds[t] = (int)Vocabulary.Kinds[t];
        }

        terms.WriteInt32s(kinds);
        terms.WriteStrings(Vocabulary.Values);
        terms.WriteSingles(Vocabulary.Idf);
        writer.WriteChunk("CTRM", 1, terms);
        ChunkHelpers.WriteIds(writer, "CUID", Users);
        ChunkHelpers.WriteIds(writer, "CPID", Posts);
        var postTerms = new int[_postVectors.Length];
        var postWeights = new float[_postVectors.Length];
        for (var k = 0; k < _postVectors.Length; k++)
        {
            (postTerms[k], postWeights[k]) = _postVectors[k];
        }

        WriteRows(writer, "CPVC", _postPtr, postTerms, postWeights);
        WriteRows(writer, "CPRF", _profilePtr, _profileTerms, _profileWeights);
    }

    /// <summary>Reads and validates the chunks <see cref="WriteChunks"/> wrote; anything inconsistent throws <see cref="ModelFormatException"/>.</summary>
    internal static ContentModel ReadChunks(ModelReader reader)
    {
        var h = new ChunkReader(reader.Get("CNTH", 1, out _), "CNTH");
        var termCount = h.ReadInt32(0, ContentDefaults.MaxTermsLimit, "the term count");
        var userCount = h.ReadInt32(0, int.MaxValue - 1, "the user count");
        var postCount = h.ReadInt32(0, int.MaxValue - 1, "the post count");
        var options = new ContentOptions
        {
            TagWeight = h.ReadSingle(),
            AuthorWeight = h.ReadSingle(),
            TextWeight = h.ReadSingle(),
            MinDocumentFrequency = h.ReadInt32(),
            MaxTerms = h.ReadInt32(),
            ProfileTerms = h.ReadInt32(),
            MinTokenLength = h.ReadInt32(),
            MaxTextLength = h.ReadInt32(),
            Weighting = EngagementWeigher.Read(ref h),
        };
        var referenceTicks = h.ReadInt64();
        h.ExpectEnd();
        var errors = new List<string>();
        options.CollectErrors(errors);
        if (errors.Count > 0)
        {
            throw h.Error("holds invalid options: " + string.Join(" ", errors));
        }

        if (referenceTicks < DateTimeOffset.MinValue.UtcTicks || referenceTicks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw h.Error("holds an impossible reference time");
        }

        var t = new ChunkReader(reader.Get("CTRM", 1, out _), "CTRM");
        var kindValues = t.ReadInt32s();
        var values = t.ReadStrings();
        var idf = t.ReadSingles();
        t.ExpectEnd();
        ChunkHelpers.ExpectLength(kindValues.Length, termCount, "CTRM", "term kinds");
        ChunkHelpers.ExpectLength(values.Length, termCount, "CTRM", "term values");
        ChunkHelpers.ExpectLength(idf.Length, termCount, "CTRM", "IDF values");
        var kinds = new ContentTermKind[termCount];
        for (var i = 0; i < termCount; i++)
        {
            if (!Enum.IsDefined((ContentTermKind)kindValues[i]))
            {
                throw t.Error($"holds an undefined term kind {kindValues[i]}");
            }

            kinds[i] = (ContentTermKind)kindValues[i];
        }

        ContentVocabulary vocabulary;
        try
        {
            vocabulary = new ContentVocabulary(kinds, values, idf, options);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException($"Chunk CTRM is inconsistent: {ex.Message}", ex);
        }

        var users = ChunkHelpers.ReadIds(reader, "CUID", userCount);
        var posts = ChunkHelpers.ReadIds(reader, "CPID", postCount);
        var (postPtr, postTerms, postWeights) = ReadRows(reader, "CPVC", postCount, termCount);
        var (profilePtr, profileTerms, profileWeights) = ReadRows(reader, "CPRF", userCount, termCount);
        return new ContentModel(vocabulary, users, posts, postPtr, postTerms, postWeights, profilePtr, profileTerms, profileWeights, options, new DateTimeOffset(referenceTicks, TimeSpan.Zero));
    }

    private static void WriteRows(ModelWriter writer, string tag, int[] ptr, int[] terms, float[] weights)
    {
        var chunk = new ChunkWriter();
        chunk.WriteInt32s(ptr);
        chunk.WriteInt32s(terms);
        chunk.WriteSingles(weights);
        writer.WriteChunk(tag, 1, chunk);
    }

    private static (int[] Ptr, int[] Terms, float[] Weights) ReadRows(ModelReader reader, string tag, int rows, int termCount)
    {
        var r = new ChunkReader(reader.Get(tag, 1, out _), tag);
        var ptr = r.ReadInt32s();
        var terms = r.ReadInt32s();
        var weights = r.ReadSingles();
        r.ExpectEnd();
        ChunkHelpers.ExpectLength(weights.Length, terms.Length, tag, "weights");
        ChunkHelpers.ValidateOffsets(ptr, rows, terms.Length, tag);
        ChunkHelpers.ValidateIndices(ptr, terms, termCount, ascending: true, tag);

        // Unit vectors of positive weights: every weight lies in (0, 1] (with room for float rounding).
        ChunkHelpers.ValidateRange(weights, float.Epsilon, 1.001f, tag, "a weight");
        return (ptr, terms, weights);
    }
}
