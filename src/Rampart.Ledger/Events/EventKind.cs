namespace Rampart.Ledger.Events;

/// <summary>The kinds of security event the ledger records. Each is written in entries by its kebab-case name.</summary>
public enum EventKind
{
    /// <summary><c>model-registered</c>: a model entered the inventory.</summary>
    ModelRegistered,

    /// <summary><c>model-signed</c>: a model was signed (OpenSSF model signing).</summary>
    ModelSigned,

    /// <summary><c>model-scanned</c>: a model's files were scanned for unsafe content.</summary>
    ModelScanned,

    /// <summary><c>model-evaluated</c>: a model was evaluated (accuracy, fairness, robustness).</summary>
    ModelEvaluated,

    /// <summary><c>model-deployed</c>: a model was deployed to an environment.</summary>
    ModelDeployed,

    /// <summary><c>model-retired</c>: a model was withdrawn from service.</summary>
    ModelRetired,

    /// <summary><c>dataset-labelled</c>: a dataset received a signed security label.</summary>
    DatasetLabelled,

    /// <summary><c>assessment-run</c>: <c>rampart assess</c> ran over a system.</summary>
    AssessmentRun,

    /// <summary><c>risk-accepted</c>: someone accepted a residual risk.</summary>
    RiskAccepted,

    /// <summary><c>incident-opened</c>: a security incident was opened.</summary>
    IncidentOpened,

    /// <summary><c>incident-closed</c>: a security incident was closed.</summary>
    IncidentClosed,

    /// <summary><c>access-decision</c>: an access to a model or dataset was allowed or denied.</summary>
    AccessDecision,
}
