namespace Rampart.Ledger.Events;

/// <summary>What an event is about: a name (a model, file, dataset or system) and the SHA-256 of its content.</summary>
/// <param name="Name">The subject's name, for example a model's path or id.</param>
/// <param name="Sha256">The SHA-256 digest as 64 lowercase hex digits.</param>
public sealed record EventSubject(string Name, string Sha256)
{
    /// <summary>Parses <c>NAME=SHA256</c> (the last <c>=</c> separates), as the command line takes it.</summary>
    /// <param name="text">The text.</param>
    /// <param name="subject">The subject, when the text parsed.</param>
    /// <param name="problem">What is wrong, when it did not.</param>
    /// <returns>Whether the text parsed.</returns>
    public static bool TryParse(string text, out EventSubject? subject, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        subject = null;
        var at = text.LastIndexOf('=');
        if (at <= 0)
        {
            problem = $"'{text}' is not NAME=SHA256";
            return false;
        }

        var candidate = new EventSubject(text[..at], text[(at + 1)..]);
        problem = LedgerEvent.SubjectProblem(candidate, "subject");
        subject = problem is null ? candidate : null;
        return problem is null;
    }
}
