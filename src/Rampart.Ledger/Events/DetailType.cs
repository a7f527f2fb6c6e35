namespace Rampart.Ledger.Events;

/// <summary>The JSON types a detail value may have. Numbers are integers only, so that canonical JSON is exact.</summary>
public enum DetailType
{
    /// <summary>A JSON string.</summary>
    Text,

    /// <summary>A JSON number, always an integer in the range ±(2^53 − 1), which every JSON reader holds exactly.</summary>
    Number,

    /// <summary>JSON <c>true</c> or <c>false</c>.</summary>
    Boolean,
}
