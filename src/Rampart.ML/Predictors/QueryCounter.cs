namespace Rampart.ML.Predictors;

/// <summary>Counts the rows a predictor was asked about, and enforces an optional budget. Thread-safe.</summary>
public sealed class QueryCounter
{
    private long _rows;
    private long _calls;

    /// <summary>Creates a counter.</summary>
    /// <param name="budget">The most rows that may be queried, or <c>null</c> for no limit.</param>
    public QueryCounter(long? budget = null)
    {
        if (budget is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(budget), "A query budget cannot be negative.");
        }

        Budget = budget;
    }

    /// <summary>The most rows that may be queried, or <c>null</c>.</summary>
    public long? Budget { get; }

    /// <summary>Rows queried so far.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>Calls made so far.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Records a query of <paramref name="rows"/> rows, or refuses it when it would pass the budget.</summary>
    /// <param name="rows">Rows in the batch.</param>
    /// <exception cref="QueryBudgetExceededException">When the budget would be passed; nothing is counted then.</exception>
    public void Charge(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        while (true)
        {
            var before = Interlocked.Read(ref _rows);
            var after = before + rows;
            if (Budget is { } budget && after > budget)
            {
                throw new QueryBudgetExceededException(budget, before, rows);
            }

            if (Interlocked.CompareExchange(ref _rows, after, before) == before)
            {
                Interlocked.Increment(ref _calls);
                return;
            }
        }
    }
}

/// <summary>A query would pass the predictor's budget.</summary>
public sealed class QueryBudgetExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="budget">The budget.</param>
    /// <param name="used">Rows already used.</param>
    /// <param name="requested">Rows requested.</param>
    public QueryBudgetExceededException(long budget, long used, int requested)
        : base($"The query budget of {budget} rows would be exceeded: {used} used, {requested} more requested.")
    {
        Budget = budget;
        Used = used;
        Requested = requested;
    }

    /// <summary>Creates the exception.</summary>
    public QueryBudgetExceededException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public QueryBudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public QueryBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The budget.</summary>
    public long Budget { get; }

    /// <summary>Rows already used.</summary>
    public long Used { get; }

    /// <summary>Rows requested.</summary>
    public int Requested { get; }
}

/// <summary>A model could not answer: unreachable endpoint, wrong protocol, malformed response, failed inference.</summary>
public sealed class PredictorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PredictorException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, naming the model and the field or step.</param>
    public PredictorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public PredictorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
