namespace Rampart.Labels.Verification;

/// <summary>One statement of a verification report.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Message">A sentence for people, naming the file, field or rows.</param>
/// <param name="Field">The label field involved, when there is one.</param>
public sealed record LabelIssue(LabelIssueKind Kind, string Message, string? Field = null);
