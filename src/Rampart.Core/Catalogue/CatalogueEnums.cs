namespace Rampart.Catalogue;

/// <summary>The four key protection objects of TR 7.3 that a technique belongs to.</summary>
public enum TechniqueCategory
{
    /// <summary>Security technology related to the AI service (TR 7.3.1).</summary>
    Service,

    /// <summary>Security technology related to the AI algorithm (TR 7.3.2).</summary>
    Algorithm,

    /// <summary>Security technology of AI training data (TR 7.3.3).</summary>
    Data,

    /// <summary>Security technology of the machine learning framework platform (TR 7.3.4).</summary>
    Platform,
}

/// <summary>How binding a requirement is: X.sr-ai's "is required" or "is recommended".</summary>
public enum RequirementLevel
{
    /// <summary>The requirement must be met ("are required").</summary>
    Required,

    /// <summary>The requirement should be met ("are recommended", TR's "could").</summary>
    Recommended,
}

/// <summary>The kinds of asset a threat targets or a check acts on.</summary>
public enum AssetKind
{
    /// <summary>The AI system as a whole (always present).</summary>
    System,

    /// <summary>A model file or model endpoint.</summary>
    Model,

    /// <summary>A dataset.</summary>
    Dataset,

    /// <summary>A running service in front of a model.</summary>
    Service,

    /// <summary>A dependency lock file.</summary>
    Dependency,
}
