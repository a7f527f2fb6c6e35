using System.Collections.Frozen;

namespace Rampart.ModelFiles.Keras;

/// <summary>Standard Keras names (from embedded lists), Keras namespaces, and the names known to be gadgets.</summary>
internal static class KerasNames
{
    private static readonly Lazy<FrozenSet<string>> Classes = new(() => Load("keras-classes.txt"));
    private static readonly Lazy<FrozenSet<string>> Functions = new(() => Load("keras-functions.txt"));

    // Keras's own serialization markers (Keras 3 serialization_lib and tf.keras json_utils); __lambda__ is not here.
    private static readonly FrozenSet<string> Markers = new[]
    {
        "__tuple__", "__keras_tensor__", "__tensor__", "__numpy__", "__bytes__", "__ellipsis__", "__slice__", "__typespec__",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> AllowedDunderKeys = new[] { "__passive_serialization__" }.ToFrozenSet(StringComparer.Ordinal);

    // Keras functions that download, read or write files or load other models (CVE-2025-8747 used get_file).
    private static readonly FrozenSet<string> FileFunctions = new[]
    {
        "get_file", "load_model", "load_weights", "save_model", "save_weights", "load_model_from_hdf5", "save_model_to_hdf5",
        "load_weights_from_hdf5_group", "model_from_json", "model_from_yaml", "model_from_config", "load_img", "save_img",
        "image_dataset_from_directory", "text_dataset_from_directory", "audio_dataset_from_directory", "copy_tree",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Parts of TensorFlow API names (as TFOpLambda's "function" stores them, without "tf.") that reach files, Python or
    // the network when the layer runs.
    private static readonly string[] RiskyTensorFlowApiParts =
    [
        "gfile", "py_func", "py_function", "numpy_function", "load_op_library", "load_library", "saved_model", "summary.create_file_writer",
        "debugging.experimental", "data.experimental.service", "distribute.cluster_resolver", "keras.utils.get_file",
        "keras.models.load_model", "compat.v1.train.Saver", "train.Checkpoint", "train.load_checkpoint", "__",
    ];

    /// <summary>Whether the class name is a standard Keras class (also <c>Custom&gt;Adam</c>-style registered built-ins).</summary>
    /// <param name="name">The class name.</param>
    /// <returns><c>true</c> when standard.</returns>
    public static bool IsKnownClass(string name)
    {
        if (Classes.Value.Contains(name))
        {
            return true;
        }

        // tf.keras 2.11+ registers its optimizers under the "Custom" package: "Custom>Adam".
        var separator = name.IndexOf('>', StringComparison.Ordinal);
        return separator > 0 && name[..separator] is "Custom" or "keras" && Classes.Value.Contains(name[(separator + 1)..]);
    }

    /// <summary>Whether the function name is a standard Keras function (activation, loss, metric...).</summary>
    /// <param name="name">The function name.</param>
    /// <returns><c>true</c> when standard.</returns>
    public static bool IsKnownFunction(string name) => Functions.Value.Contains(name);

    /// <summary>Whether the class name is one of Keras's serialization markers (<c>__tensor__</c>, <c>__typespec__</c>...).</summary>
    /// <param name="name">The class name.</param>
    /// <returns><c>true</c> for a marker.</returns>
    public static bool IsMarker(string name) => Markers.Contains(name);

    /// <summary>Whether a JSON key with a double-underscore name is one Keras writes.</summary>
    /// <param name="key">The key.</param>
    /// <returns><c>true</c> when allowed.</returns>
    public static bool IsAllowedDunderKey(string key) => AllowedDunderKeys.Contains(key);

    /// <summary>Whether the text is a Python special name or reaches one (<c>__class__</c>, <c>os.__dict__</c>).</summary>
    /// <param name="text">A class, module, registered or function name.</param>
    /// <returns><c>true</c> when it has a <c>__name__</c> part.</returns>
    public static bool HasDunder(string text)
    {
        foreach (var part in text.Split('.', '>'))
        {
            if (part.Length > 4 && part.StartsWith("__", StringComparison.Ordinal) && part.EndsWith("__", StringComparison.Ordinal) && !Markers.Contains(part))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the module is Keras itself: <c>keras</c>, <c>keras.*</c>, <c>tf_keras</c>, <c>tensorflow.keras</c>.</summary>
    /// <param name="module">The module.</param>
    /// <returns><c>true</c> for Keras.</returns>
    public static bool IsKerasModule(string module) =>
        module is "keras" or "tf_keras" or "tensorflow.keras" or "tensorflow.python.keras"
        || module.StartsWith("keras.", StringComparison.Ordinal) || module.StartsWith("tf_keras.", StringComparison.Ordinal)
        || module.StartsWith("tensorflow.keras.", StringComparison.Ordinal) || module.StartsWith("tensorflow.python.keras.", StringComparison.Ordinal);

    /// <summary>
    /// Whether the class is a Keras operation (<c>keras.src.ops.numpy.Add</c>): Keras 3 functional models serialize
    /// the <c>keras.ops</c> calls between layers as operation objects, which compute on tensors only.
    /// </summary>
    /// <param name="module">The module.</param>
    /// <param name="name">The class name.</param>
    /// <returns><c>true</c> for an operation class.</returns>
    public static bool IsKerasOperation(string module, string name) =>
        (module.StartsWith("keras.src.ops.", StringComparison.Ordinal) || module == "keras.ops" || module.StartsWith("keras.ops.", StringComparison.Ordinal))
        && name.Length > 0 && char.IsAsciiLetterUpper(name[0]) && name.All(char.IsAsciiLetterOrDigit);

    /// <summary>Whether the module belongs to a Keras extension package (<c>keras_hub</c>, <c>keras_nlp</c>, <c>keras_cv</c>...).</summary>
    /// <param name="module">The module.</param>
    /// <returns><c>true</c> for an extension package.</returns>
    public static bool IsKerasExtension(string module) => module.StartsWith("keras_", StringComparison.Ordinal) && module.Length > 6;

    /// <summary>Whether the name is (or ends with) <c>enable_unsafe_deserialization</c> (CVE-2025-9906).</summary>
    /// <param name="name">A name.</param>
    /// <returns><c>true</c> when it is.</returns>
    public static bool IsUnsafeToggle(string name) => name.EndsWith("enable_unsafe_deserialization", StringComparison.Ordinal);

    /// <summary>Whether the function name is a Keras file or model-loading function (CVE-2025-8747).</summary>
    /// <param name="name">A function name, possibly dotted.</param>
    /// <returns><c>true</c> when it is.</returns>
    public static bool IsFileFunction(string name) => FileFunctions.Contains(name[(name.LastIndexOf('.') + 1)..]);

    /// <summary>Whether a TensorFlow API name (TFOpLambda's function) reaches files, Python or the network.</summary>
    /// <param name="name">The API name without <c>tf.</c>, for example <c>io.write_file</c>.</param>
    /// <returns><c>true</c> when risky.</returns>
    public static bool IsRiskyTensorFlowApi(string name) =>
        name.StartsWith("io.", StringComparison.Ordinal) || name.Contains(".io.", StringComparison.Ordinal)
        || RiskyTensorFlowApiParts.Any(part => name.Contains(part, StringComparison.Ordinal));

    private static FrozenSet<string> Load(string name)
    {
        using var stream = typeof(KerasNames).Assembly.GetManifestResourceStream("Rampart.ModelFiles.Keras." + name)
            ?? throw new InvalidOperationException($"The embedded list {name} is missing.");
        using var reader = new StreamReader(stream);
        var names = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && line[0] != '#')
            {
                names.Add(line);
            }
        }

        return names.ToFrozenSet(StringComparer.Ordinal);
    }
}
