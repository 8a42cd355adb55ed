namespace Recommender.Serialization;

/// <summary>
/// A model file could not be read: it is not a Recommender model, it was written by an unsupported format
/// version, it is truncated, or its checksum does not match its contents.
/// </summary>
public sealed class ModelFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ModelFormatException()
        : base("The model file is invalid.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong with the file.</param>
    public ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong with the file.</param>
    /// <param name="innerException">The cause.</param>
    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
