using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Tests.ML;

public sealed class QueryCounterTests
{
    [Fact]
    public void Charge_WithinBudget_CountsRowsAndCalls()
    {
        var counter = new QueryCounter(budget: 10);
        counter.Charge(4);
        counter.Charge(6);
        Assert.Equal(10, counter.Rows);
        Assert.Equal(2, counter.Calls);
    }

    [Fact]
    public void Charge_PastBudget_ThrowsAndCountsNothing()
    {
        var counter = new QueryCounter(budget: 5);
        counter.Charge(3);
        var ex = Assert.Throws<QueryBudgetExceededException>(() => counter.Charge(3));
        Assert.Equal(3, counter.Rows);
        Assert.Contains("budget of 5 rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Charge_Concurrently_NeverPassesBudget()
    {
        var counter = new QueryCounter(budget: 1000);
        var refused = 0;
        Parallel.For(0, 2000, _ =>
        {
            try
            {
                counter.Charge(1);
            }
            catch (QueryBudgetExceededException)
            {
                Interlocked.Increment(ref refused);
            }
        });
        Assert.Equal(1000, counter.Rows);
        Assert.Equal(1000, refused);
    }

    [Fact]
    public void FloatMatrix_SelectRows_CopiesInOrder()
    {
        var m = new FloatMatrix(3, 2, [1, 2, 3, 4, 5, 6]);
        var s = m.SelectRows([2, 0]);
        Assert.Equal([5f, 6, 1, 2], s.Data);
        Assert.Throws<ArgumentException>(() => new FloatMatrix(2, 2, [1, 2, 3]));
    }
}
