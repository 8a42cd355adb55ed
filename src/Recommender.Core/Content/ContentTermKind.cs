namespace Recommender.Content;

/// <summary>The family a content term belongs to.</summary>
public enum ContentTermKind
{
    /// <summary>A tag of the post, lower-cased, written <c>tag:dotnet</c>.</summary>
    Tag = 0,

    /// <summary>The post's author, written <c>author:alice</c> (ids are case-sensitive).</summary>
    Author = 1,

    /// <summary>A lower-cased token of the post's text, written as is (<c>dotnet</c>).</summary>
    Text = 2,
}
