using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.ML.Training;

/// <summary>
/// What the built-in models share: their info, a query counter, and <see cref="PredictAsync"/> counting the rows
/// before computing class probabilities with <see cref="Predict"/>.
/// </summary>
public abstract class TrainedModel : IPredictor
{
    /// <summary>Creates the model.</summary>
    /// <param name="info">Inputs and outputs.</param>
    private protected TrainedModel(PredictorInfo info) => Info = info;

    /// <inheritdoc />
    public PredictorInfo Info { get; }

    /// <inheritdoc />
    public QueryCounter Queries { get; } = new();

    /// <inheritdoc />
    public ValueTask<FloatMatrix> PredictAsync(FloatMatrix inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Queries.Charge(inputs.Rows);
        return ValueTask.FromResult(Predict(inputs));
    }

    /// <summary>Class probabilities without counting a query (for training and evaluation code).</summary>
    /// <param name="inputs">Rows x features.</param>
    /// <returns>Rows x classes.</returns>
    /// <exception cref="ArgumentException">When the input does not have the model's feature count.</exception>
    public abstract FloatMatrix Predict(FloatMatrix inputs);

    /// <summary>Refuses an input of the wrong width.</summary>
    /// <param name="inputs">The input.</param>
    private protected void CheckWidth(FloatMatrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Columns != Info.FeatureCount)
        {
            throw new ArgumentException($"The model takes {Info.FeatureCount} features; the input has {inputs.Columns}.", nameof(inputs));
        }
    }

    /// <summary>Refuses gradient arguments that do not fit: the input width, and one label per row for a loss gradient.</summary>
    /// <param name="inputs">The input.</param>
    /// <param name="target">What is differentiated.</param>
    /// <param name="labels">The labels.</param>
    private protected void CheckGradientArguments(FloatMatrix inputs, GradientTarget target, ReadOnlySpan<float> labels)
    {
        CheckWidth(inputs);
        if (target.Kind == GradientKind.Loss && labels.Length != inputs.Rows)
        {
            throw new ArgumentException($"{labels.Length} labels for {inputs.Rows} rows.", nameof(labels));
        }
    }
}
