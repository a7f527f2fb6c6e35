using System.Text.Json;
using Rampart.Checks;

namespace Rampart.Reporting.Sarif;

/// <summary>SARIF pieces shared by the assessment and scan writers.</summary>
internal static class SarifWriting
{
    /// <summary>
    /// Writes a <c>reportingDescriptor</c>: id, name, descriptions, help, the default level, and properties with the
    /// severity and the rule's docs page, then any extra properties.
    /// </summary>
    public static void Rule(Utf8JsonWriter w, RuleDescriptor rule, params (string Name, string Value)[] properties)
    {
        w.WriteStartObject();
        w.WriteString("id", rule.Id);
        w.WriteString("name", rule.Name);
        Message(w, "shortDescription", rule.Summary);
        Message(w, "fullDescription", rule.Summary);
        Message(w, "help", rule.Help);
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", Severities.SarifLevel(rule.DefaultSeverity));
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("severity", Severities.Name(rule.DefaultSeverity));
        foreach (var (name, value) in properties)
        {
            w.WriteString(name, value);
        }

        w.WriteString("docs", $"docs/rules/{rule.Id}.md");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes a SARIF message object <c>{"text": ...}</c> under a name.</summary>
    public static void Message(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("text", text);
        w.WriteEndObject();
    }
}
