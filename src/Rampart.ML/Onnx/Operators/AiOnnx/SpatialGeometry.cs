namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Window geometry padded to three spatial dimensions (leading dimensions of size 1).</summary>
internal sealed class SpatialGeometry
{
    public int[] In { get; } = [1, 1, 1];

    public int[] Kernel { get; } = [1, 1, 1];

    public int[] Stride { get; } = [1, 1, 1];

    public int[] Dilation { get; } = [1, 1, 1];

    public int[] PadBegin { get; } = [0, 0, 0];

    public int[] PadEnd { get; } = [0, 0, 0];

    public int[] Out { get; } = [1, 1, 1];

    /// <summary>The real number of spatial dimensions (1 to 3).</summary>
    public int Rank { get; set; }

    public int InSize => In[0] * In[1] * In[2];

    public int OutSize => Out[0] * Out[1] * Out[2];

    public int KernelSize => Kernel[0] * Kernel[1] * Kernel[2];

    public static SpatialGeometry Identity() => new();

    /// <summary>The output spatial dimensions, without the padding dimensions.</summary>
    public int[] OutShape => Out[(3 - Rank)..];
}
