using System.Collections.Immutable;

namespace Rampart.Diagnostics;

/// <summary>
/// The outcome of reading or validating user input: either a value, or every problem found at once.
/// </summary>
/// <typeparam name="T">The type of the value produced when the input is valid.</typeparam>
public sealed class ValidationResult<T>
    where T : class
{
    private ValidationResult(T? value, ImmutableArray<Problem> problems)
    {
        Value = value;
        Problems = problems;
    }

    /// <summary>The value; <c>null</c> when <see cref="Problems"/> is not empty.</summary>
    public T? Value { get; }

    /// <summary>Every problem found, in input order; empty when the input is valid.</summary>
    public ImmutableArray<Problem> Problems { get; }

    /// <summary><c>true</c> when there are no problems and <see cref="Value"/> is set.</summary>
    public bool IsValid => Problems.IsEmpty && Value is not null;

    /// <summary>A valid result.</summary>
    /// <param name="value">The value read.</param>
    /// <returns>The result.</returns>
    public static ValidationResult<T> Success(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new ValidationResult<T>(value, []);
    }

    /// <summary>An invalid result listing every problem.</summary>
    /// <param name="problems">The problems; at least one.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">When <paramref name="problems"/> is empty.</exception>
    public static ValidationResult<T> Failure(IEnumerable<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var list = problems.ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException("A failed validation needs at least one problem.", nameof(problems));
        }

        return new ValidationResult<T>(null, list);
    }
}
