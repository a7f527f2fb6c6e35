namespace Rampart.Reporting.Catalogue;

/// <summary>The lists <c>rampart catalog</c> can show.</summary>
public enum CatalogueKind
{
    /// <summary>Threats.</summary>
    Threats,

    /// <summary>Techniques.</summary>
    Techniques,

    /// <summary>Requirements.</summary>
    Requirements,

    /// <summary>Objectives.</summary>
    Objectives,

    /// <summary>Stages.</summary>
    Stages,

    /// <summary>Roles.</summary>
    Roles,
}
