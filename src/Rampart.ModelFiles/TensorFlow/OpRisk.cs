namespace Rampart.ModelFiles.TensorFlow;

/// <summary>What a risky TensorFlow operator reaches.</summary>
internal enum OpRisk
{
    /// <summary>Runs Python code.</summary>
    Code,

    /// <summary>Reads, writes or lists files.</summary>
    File,

    /// <summary>Talks to other hosts.</summary>
    Network,

    /// <summary>Reads or writes checkpoints (standard inside the saver).</summary>
    Checkpoint,

    /// <summary>Prints to a stream.</summary>
    Output,

    /// <summary>Copies tensors to debug URLs.</summary>
    Debug,

    /// <summary>Ends or stalls the process.</summary>
    Process,
}
