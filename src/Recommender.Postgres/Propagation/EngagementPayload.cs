using System.Globalization;
using Recommender.Data;

namespace Recommender.Postgres.Propagation;

/// <summary>
/// The data of an engagement NOTIFY (after the topic <c>engagement:</c>):
/// <c>{kind}:{UTC microseconds since 1970}:{weight or empty}:{length of user id}:{user id}{post id}</c>. The length
/// prefix lets ids hold any character. Ids of at most 256 characters keep a payload far below PostgreSQL's 8,000 bytes.
/// </summary>
internal static class EngagementPayload
{
    public static string Format(in Engagement e)
    {
        var micros = (e.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        var weight = e.Weight is { } w ? w.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{(int)e.Kind}:{micros}:{weight}:{e.UserId.Length}:{e.UserId}{e.PostId}");
    }

    public static bool TryParse(string data, out Engagement engagement)
    {
        engagement = default;
        var span = data.AsSpan();
        if (!TryField(ref span, out var kindText) || !int.TryParse(kindText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kind)
            || !TryField(ref span, out var microsText) || !long.TryParse(microsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros)
            || !TryField(ref span, out var weightText)
            || !TryField(ref span, out var lengthText) || !int.TryParse(lengthText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var userLength)
            || userLength <= 0 || userLength >= span.Length)
        {
            return false;
        }

        float? weight = null;
        if (!weightText.IsEmpty)
        {
            if (!float.TryParse(weightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var w))
            {
                return false;
            }

            weight = w;
        }

        if (micros > (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond
            || micros < -DateTimeOffset.UnixEpoch.UtcTicks / TimeSpan.TicksPerMicrosecond)
        {
            return false;
        }

        var ticks = DateTimeOffset.UnixEpoch.UtcTicks + (micros * TimeSpan.TicksPerMicrosecond);

        engagement = new Engagement(span[..userLength].ToString(), span[userLength..].ToString(), (EngagementKind)kind, new DateTimeOffset(ticks, TimeSpan.Zero), weight);
        return true;
    }

    private static bool TryField(ref ReadOnlySpan<char> span, out ReadOnlySpan<char> field)
    {
        var colon = span.IndexOf(':');
        if (colon < 0)
        {
            field = default;
            return false;
        }

        field = span[..colon];
        span = span[(colon + 1)..];
        return true;
    }
}
