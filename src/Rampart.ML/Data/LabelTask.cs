namespace Rampart.ML.Data;

/// <summary>What a label column asks a model to predict.</summary>
public enum LabelTask
{
    /// <summary>A class per row: the label column is categorical or boolean.</summary>
    Classification,

    /// <summary>A number per row: the label column is numeric.</summary>
    Regression,
}
