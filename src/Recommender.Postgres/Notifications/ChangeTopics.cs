namespace Recommender.Postgres.Notifications;

/// <summary>
/// The payloads of the NOTIFY that the triggers of migration 2 send on the channel named like the schema when a
/// statement changes one of these tables.
/// </summary>
internal static class ChangeTopics
{
    /// <summary><c>active_models</c> changed: a version was activated or a variant deactivated.</summary>
    public const string Models = "models";

    /// <summary><c>feature_flags</c> changed.</summary>
    public const string Flags = "flags";

    /// <summary><c>system_config</c> changed.</summary>
    public const string Config = "config";

    /// <summary>
    /// Not a trigger's: an instance recorded an engagement. The payload is <c>engagement:</c> and the engagement
    /// (<c>Propagation.EngagementPayload</c>), sent with <c>pg_notify</c>.
    /// </summary>
    public const string Engagement = "engagement";
}
