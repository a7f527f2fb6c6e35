using Rampart.Checks;

namespace Rampart.Reporting;

/// <summary>Names and SARIF levels of severities.</summary>
public static class Severities
{
    /// <summary>Lower-case name.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>The name.</returns>
    public static string Name(Severity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>The SARIF <c>level</c>: critical and high are <c>error</c>, medium <c>warning</c>, low and info <c>note</c>.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>The level.</returns>
    public static string SarifLevel(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>Parses a severity name.</summary>
    /// <param name="text">info, low, medium, high or critical.</param>
    /// <param name="severity">The severity.</param>
    /// <returns>Whether the text was a severity.</returns>
    public static bool TryParse(string? text, out Severity severity) =>
        Enum.TryParse(text, ignoreCase: true, out severity) && Enum.IsDefined(severity) && !int.TryParse(text, out _);
}
