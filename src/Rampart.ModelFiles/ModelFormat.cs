namespace Rampart.ModelFiles;

/// <summary>A file format the scanner recognises from content.</summary>
public enum ModelFormat
{
    /// <summary>Nothing recognised.</summary>
    Unknown,

    /// <summary>Zero bytes.</summary>
    Empty,

    /// <summary>UTF-8 text that is no model format (README, JSON configuration, tokenizer files).</summary>
    Text,

    /// <summary>A Python pickle stream (one or more pickles back to back), including legacy PyTorch and joblib.</summary>
    Pickle,

    /// <summary>A zip archive (PyTorch, TorchScript, Keras 3, NumPy .npz, or a plain archive).</summary>
    Zip,

    /// <summary>A POSIX or GNU tar archive.</summary>
    Tar,

    /// <summary>A 7-Zip archive.</summary>
    SevenZip,

    /// <summary>A gzip stream.</summary>
    Gzip,

    /// <summary>A bzip2 stream.</summary>
    Bzip2,

    /// <summary>An xz stream.</summary>
    Xz,

    /// <summary>A raw LZMA ("lzma alone") stream.</summary>
    Lzma,

    /// <summary>A zlib stream (and joblib's older <c>ZF</c> files).</summary>
    Zlib,

    /// <summary>An LZ4 frame.</summary>
    Lz4,

    /// <summary>A NumPy <c>.npy</c> array.</summary>
    Npy,

    /// <summary>A SafeTensors file.</summary>
    SafeTensors,

    /// <summary>A GGUF file (llama.cpp).</summary>
    Gguf,

    /// <summary>An ONNX model (protobuf ModelProto).</summary>
    Onnx,

    /// <summary>An HDF5 file (Keras 2 <c>.h5</c>).</summary>
    Hdf5,

    /// <summary>A TensorFlow SavedModel protobuf (<c>saved_model.pb</c>).</summary>
    SavedModel,

    /// <summary>Python source or bytecode, or a native executable or library.</summary>
    Code,

    /// <summary>A Keras 3 <c>config.json</c> inside a <c>.keras</c> archive (assigned by the zip scanner, never sniffed).</summary>
    KerasConfig,

    /// <summary>A TF-Keras <c>keras_metadata.pb</c> beside a SavedModel (protobuf, recognised by its name).</summary>
    KerasMetadata,

    /// <summary>A TensorFlow SavedModel in protobuf text format (<c>saved_model.pbtxt</c>); recognised, not analysed.</summary>
    SavedModelText,
}
