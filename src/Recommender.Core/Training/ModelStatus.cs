namespace Recommender.Training;

/// <summary>The life cycle of a model version in the registry.</summary>
public enum ModelStatus
{
    /// <summary>Being written; never loadable.</summary>
    Training = 0,

    /// <summary>Complete and verified; may be activated.</summary>
    Ready = 1,

    /// <summary>Training or saving failed; kept for the record, never loadable.</summary>
    Failed = 2,

    /// <summary>Taken out of service; may still be activated again (rollback) until deleted.</summary>
    Retired = 3,
}
