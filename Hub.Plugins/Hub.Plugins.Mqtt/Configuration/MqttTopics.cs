namespace Hub.Plugins.Mqtt.Configuration;

/// <summary>Topic names and filters as MQTT 3.1.1 §4.7 defines them.</summary>
internal static class MqttTopics
{
    /// <summary>Why <paramref name="topic"/> is not a topic name one can publish to, or null when it is one.</summary>
    public static string? CheckTopicName(string? topic)
    {
        if (string.IsNullOrEmpty(topic))
        {
            return "is empty";
        }

        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            return "contains a wildcard ('+' or '#'); a meter publishes to one exact topic";
        }

        return topic.Contains('\0', StringComparison.Ordinal) ? "contains a NUL character" : null;
    }

    /// <summary>Why <paramref name="filter"/> is not a topic filter, or null when it is one (§4.7.1).</summary>
    public static string? CheckTopicFilter(string? filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return "is empty";
        }

        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#', StringComparison.Ordinal) && (level.Length != 1 || i != levels.Length - 1))
            {
                return "uses '#' other than as the whole last level";
            }

            if (level.Contains('+', StringComparison.Ordinal) && level.Length != 1)
            {
                return "uses '+' other than as a whole level";
            }
        }

        return null;
    }

    /// <summary>
    /// True when every topic that <paramref name="filter"/> matches is also matched by <paramref name="allowed"/>,
    /// so a user allowed <c>smartmeter/#</c> may subscribe to <c>smartmeter/+/reading</c> but not to <c>#</c>.
    /// Topics starting with '$' are not matched by leading wildcards (§4.7.2).
    /// </summary>
    public static bool Covers(string allowed, string filter)
    {
        var a = allowed.Split('/');
        var f = filter.Split('/');
        for (var i = 0; i < f.Length; i++)
        {
            if (i >= a.Length)
            {
                return false;
            }

            if (a[i] == "#")
            {
                return i > 0 || !f[0].StartsWith('$');
            }

            if (a[i] == "+")
            {
                if (f[i] == "#" || (i == 0 && f[0].StartsWith('$')))
                {
                    return false;
                }

                continue;
            }

            if (!string.Equals(a[i], f[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        // Covered when the allowed filter ends here too, or continues only with a '#', which also matches the parent level.
        return a.Length == f.Length || (a.Length == f.Length + 1 && a[^1] == "#");
    }
}
