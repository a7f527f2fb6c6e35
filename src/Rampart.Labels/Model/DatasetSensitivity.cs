namespace Rampart.Labels.Model;

/// <summary>How sensitive a dataset is, as its owner declares it in the label (written in lower case in JSON).</summary>
public enum DatasetSensitivity
{
    /// <summary>May be published.</summary>
    Public,

    /// <summary>For use inside the organisation.</summary>
    Internal,

    /// <summary>Limited to named groups; disclosure harms the organisation or data subjects.</summary>
    Confidential,

    /// <summary>The most protected level, for example personal or regulated data.</summary>
    Restricted,
}
