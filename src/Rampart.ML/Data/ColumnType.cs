namespace Rampart.ML.Data;

/// <summary>What kind of values a dataset column holds, which decides how it is stored and encoded.</summary>
public enum ColumnType
{
    /// <summary>Finite numbers, stored as 32-bit floats with NaN for a missing value.</summary>
    Numeric,

    /// <summary>A small set of labels, stored as integer codes into a sorted category list.</summary>
    Categorical,

    /// <summary>Two values (true/false, yes/no or 0/1), stored as codes 0 (false) and 1 (true).</summary>
    Boolean,

    /// <summary>A value unique to each row (an applicant or transaction id): never a feature.</summary>
    Identifier,
}
