using System.Text;
using System.Text.Json;
using Rampart.Checks;
using Rampart.ModelFiles.TensorFlow;

namespace Rampart.ModelFiles.Keras;

/// <summary>
/// Analyses a Keras configuration (a Keras 3 <c>config.json</c>, the <c>model_config</c> and <c>training_config</c>
/// attributes of an HDF5 file, the JSON of a <c>keras_metadata.pb</c> node): every JSON object with a
/// <c>class_name</c> is checked for Lambda bytecode, modules outside Keras, known gadgets, special names and custom
/// objects. Nothing is deserialised into Python objects; the JSON is parsed with a depth bound.
/// </summary>
internal sealed class KerasConfigAnalyzer
{
    private static readonly string[] LambdaKeys = ["function", "output_shape", "mask"];

    private readonly ScanInput _input;
    private readonly ScanSession _session;
    private readonly ScanLocation _location;
    private readonly string _source;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly HashSet<string> _allowed;

    private KerasConfigAnalyzer(ScanInput input, ScanSession session, ScanLocation location, string source)
    {
        _input = input;
        _session = session;
        _location = location;
        _source = source;
        _allowed = new HashSet<string>(session.Options.AllowGlobals, StringComparer.Ordinal);
    }

    /// <summary>Analyses one configuration.</summary>
    /// <param name="json">The JSON text (UTF-8).</param>
    /// <param name="input">The input it comes from (nested payloads are scanned below it).</param>
    /// <param name="session">Where findings go.</param>
    /// <param name="location">Where the JSON is (offset of its first byte when known).</param>
    /// <param name="source">What the JSON is, for messages and evidence: <c>config.json</c>, <c>model_config</c>.</param>
    public static void Analyze(ReadOnlyMemory<byte> json, ScanInput input, ScanSession session, ScanLocation location, string source)
    {
        var analyzer = new KerasConfigAnalyzer(input, session, location, source);
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            session.Report(KerasRules.ConfigMalformed, $"The {source} is not valid UTF-8 text: Keras cannot load it.", location, evidence: [new("source", source)]);
            return;
        }

        var text = PythonLiteralsToJson(json.Span);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = session.Limits.MaxStructureDepth });
        }
        catch (JsonException error)
        {
            if (NestingDepth(text) > session.Limits.MaxStructureDepth)
            {
                session.Report(
                    CoreScanRules.LimitReached,
                    $"The {source} nests JSON deeper than {session.Limits.MaxStructureDepth} levels (limit); it was not analysed.",
                    location);
            }
            else
            {
                session.Report(
                    KerasRules.ConfigMalformed,
                    $"The {source} is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}): Keras cannot load it.",
                    location,
                    evidence: [new("source", source)]);
            }

            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                session.Report(KerasRules.ConfigMalformed, $"The {source} is JSON but not an object; Keras cannot load it.", location, evidence: [new("source", source)]);
                return;
            }

            analyzer.Walk(root, layer: null);
        }
    }

    private void Walk(JsonElement element, string? layer)
    {
        _session.CancellationToken.ThrowIfCancellationRequested();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                VisitObject(element, layer);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, layer);
                }

                break;
            case JsonValueKind.String:
                var text = element.GetString()!;
                if (KerasNames.IsUnsafeToggle(text) && !_reported.Any(key => key.StartsWith($"{KerasRules.UnsafeDeserializationToggle.Id}|{layer}|", StringComparison.Ordinal)))
                {
                    Report(KerasRules.UnsafeDeserializationToggle, layer, text, $"The {_source} refers to {text}, which turns Keras's safe mode off while loading.");
                }

                break;
            default:
                break;
        }
    }

    private void VisitObject(JsonElement element, string? layer)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            counts[property.Name] = counts.GetValueOrDefault(property.Name) + 1;
        }

        var name = LayerName(element) ?? layer;
        var duplicates = counts.Where(pair => pair.Value > 1).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
        if (duplicates.Count > 0)
        {
            Report(
                KerasRules.ConfigDuplicateKey,
                name,
                null,
                $"A JSON object repeats the key{(duplicates.Count > 1 ? "s" : string.Empty)} {string.Join(", ", duplicates.Select(key => $"'{key}'"))}; Python keeps the last value. Every value was analysed.",
                [new("keys", string.Join(",", duplicates))],
                dedupe: false);
        }

        foreach (var key in counts.Keys)
        {
            if (key.Length > 4 && key.StartsWith("__", StringComparison.Ordinal) && key.EndsWith("__", StringComparison.Ordinal) && !KerasNames.IsAllowedDunderKey(key))
            {
                Report(KerasRules.DunderReference, name, key, $"The {_source} has the special key '{key}', which Keras never writes.");
            }
        }

        foreach (var className in Strings(element, "class_name"))
        {
            AnalyzeObject(element, className, name);
        }

        foreach (var property in element.EnumerateObject())
        {
            Walk(property.Value, name);
        }
    }

    private void AnalyzeObject(JsonElement element, string className, string? layer)
    {
        var module = Strings(element, "module").LastOrDefault();
        var config = Last(element, "config");
        foreach (var registered in Strings(element, "registered_name"))
        {
            CheckGadgetName(registered, module, layer);
            if (registered != className && KerasNames.HasDunder(registered))
            {
                Report(KerasRules.DunderReference, layer, registered, $"The object '{className}' has the registered name '{registered}', a Python special name.");
            }
        }

        if (className == "__lambda__")
        {
            var code = config is { ValueKind: JsonValueKind.Object } inner ? (Last(inner, "code") ?? Last(inner, "value")) : null;
            ReportBytecode(layer, "__lambda__", code is { } value ? FirstString(value) : null, "__lambda__");
            return;
        }

        if (className == "function")
        {
            var function = config is { ValueKind: JsonValueKind.String } text ? text.GetString()! : Strings(element, "registered_name").LastOrDefault() ?? string.Empty;
            AnalyzeFunction(function, module, layer);
            return;
        }

        if (KerasNames.HasDunder(className) || (className.StartsWith("__", StringComparison.Ordinal) && !KerasNames.IsMarker(className)))
        {
            Report(KerasRules.DunderReference, layer, className, $"The {_source} names the class '{className}', a Python special name, not a Keras class.");
            return;
        }

        if (module is not null)
        {
            CheckModule(module, className, layer, isFunction: false, typeSpec: className == "__typespec__");
        }
        else if (!KerasNames.IsKnownClass(className))
        {
            ReportCustom(layer, className, $"The {_source} uses the class '{className}', which is not a standard Keras class; loading it needs custom code.");
        }

        if (config is { ValueKind: JsonValueKind.Object } body)
        {
            switch (className)
            {
                case "Lambda":
                    AnalyzeLambda(body, layer);
                    break;
                case "TorchModuleWrapper":
                    AnalyzeTorchModule(body, layer);
                    break;
                case "TFOpLambda" or "SlicingOpLambda":
                    foreach (var api in Strings(body, "function"))
                    {
                        if (KerasNames.IsRiskyTensorFlowApi(api))
                        {
                            Report(KerasRules.ExternalCallable, layer, "tf." + api, $"Layer '{layer}' calls the TensorFlow function tf.{api}, which reaches files, Python code or the network.");
                        }
                    }

                    break;
                case "TensorFlowOpLayer":
                    AnalyzeTensorFlowOp(body, layer);
                    break;
                default:
                    break;
            }
        }
        else if (className == "TorchModuleWrapper")
        {
            AnalyzeTorchModule(null, layer);
        }
    }

    private void AnalyzeFunction(string function, string? module, string? layer)
    {
        if (CheckGadgetName(function, module, layer))
        {
            return;
        }

        if (KerasNames.HasDunder(function))
        {
            Report(KerasRules.DunderReference, layer, Qualified(module, function), $"The {_source} refers to the function '{Qualified(module, function)}', a Python special name.");
        }
        else if (module is not null)
        {
            CheckModule(module, function, layer, isFunction: true, typeSpec: false);
        }
        else if (!KerasNames.IsKnownFunction(function))
        {
            ReportCustom(layer, function, $"The {_source} refers to the function '{function}', which is not a standard Keras function; loading it needs custom code.");
        }
    }

    private bool CheckGadgetName(string name, string? module, string? layer)
    {
        var qualified = Qualified(module, name);
        if (KerasNames.IsUnsafeToggle(name))
        {
            Report(KerasRules.UnsafeDeserializationToggle, layer, qualified, $"The {_source} calls {qualified}, which turns Keras's safe mode off while loading (CVE-2025-9906).");
            return true;
        }

        if (KerasNames.IsFileFunction(name) && (module is null || KerasNames.IsKerasModule(module) || module == "builtins"))
        {
            Report(KerasRules.FileAccessFunction, layer, qualified, $"The {_source} calls {qualified}, which downloads, reads or writes files or loads another model (CVE-2025-8747).");
            return true;
        }

        return false;
    }

    private void CheckModule(string module, string name, string? layer, bool isFunction, bool typeSpec)
    {
        var qualified = Qualified(module, name);
        if (_allowed.Contains(qualified))
        {
            return;
        }

        if (KerasNames.HasDunder(module))
        {
            Report(KerasRules.DunderReference, layer, qualified, $"The {_source} names the module '{module}', a Python special name.");
        }
        else if (KerasNames.IsKerasModule(module))
        {
            if (!(isFunction ? KerasNames.IsKnownFunction(name) : KerasNames.IsKnownClass(name) || KerasNames.IsKerasOperation(module, name)))
            {
                ReportCustom(layer, qualified, $"The {_source} uses {qualified}, which is not a standard Keras {(isFunction ? "function" : "class")}; Keras imports it from its own modules.");
            }
        }
        else if (KerasNames.IsKerasExtension(module))
        {
            var strict = _session.Options.Strict;
            Report(
                KerasRules.CustomObject,
                layer,
                qualified,
                $"The {_source} uses {qualified} from a Keras extension package; loading it runs that package's code.",
                severity: strict ? Severity.Medium : Severity.Info,
                verdict: strict ? FileVerdict.Suspicious : FileVerdict.Info);
        }
        else if (isFunction && module == "builtins")
        {
            // Keras 3 writes built-in Keras functions with the module "builtins" and looks them up in Keras only.
            if (!KerasNames.IsKnownFunction(name))
            {
                ReportCustom(layer, name, $"The {_source} refers to the function '{name}', which is not a standard Keras function; loading it needs custom code.");
            }
        }
        else if (typeSpec && module.StartsWith("tensorflow.", StringComparison.Ordinal))
        {
            // Keras 3 __typespec__ objects name the TensorFlow module of a TypeSpec class.
        }
        else
        {
            Report(
                KerasRules.ExternalCallable,
                layer,
                qualified,
                $"The {_source} names the module '{module}', outside Keras; Keras before 3.9 imports it and uses its {(isFunction ? "function" : "class")} '{name}' (CVE-2025-1550).",
                [new("module", module)]);
        }
    }

    private void AnalyzeLambda(JsonElement config, string? layer)
    {
        var sawFunction = false;
        foreach (var key in LambdaKeys)
        {
            if (Last(config, key) is not { } value)
            {
                continue;
            }

            var type = Strings(config, key + "_type").LastOrDefault();
            var module = Strings(config, key == "function" ? "module" : key + "_module").LastOrDefault();
            sawFunction |= key == "function" && value.ValueKind != JsonValueKind.Null;
            switch (value.ValueKind)
            {
                case JsonValueKind.Array when value.GetArrayLength() > 0 && value[0].ValueKind == JsonValueKind.String:
                    // Keras 2 func_dump: [base64 marshal code, defaults, closure].
                    ReportBytecode(layer, "Lambda", value[0].GetString(), key);
                    break;
                case JsonValueKind.String:
                    var text = value.GetString()!;
                    if (type == "lambda" || LooksLikeMarshal(text))
                    {
                        ReportBytecode(layer, "Lambda", text, key);
                    }
                    else if (key == "function" || type == "function")
                    {
                        // A named function: Keras 2 looks it up in custom objects or in an already imported module.
                        if (CheckGadgetName(text, module, layer))
                        {
                            break;
                        }

                        if (module is null)
                        {
                            Report(KerasRules.LambdaLayer, layer, text, $"Lambda layer '{layer}' calls the function '{text}', which must be supplied as a custom object.");
                        }
                        else
                        {
                            CheckModule(module, text, layer, isFunction: true, typeSpec: false);
                        }
                    }

                    break;
                case JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null:
                    // Keras 3 objects ({"class_name": "__lambda__"...}) are checked by the walk; shapes are lists.
                    break;
                default:
                    if (key == "function")
                    {
                        Report(KerasRules.LambdaLayer, layer, "Lambda", $"Lambda layer '{layer}' has a function Rampart does not recognise ({value.ValueKind}).");
                    }

                    break;
            }
        }

        if (!sawFunction)
        {
            Report(KerasRules.LambdaLayer, layer, "Lambda", $"Lambda layer '{layer}' has no function Rampart recognises.");
        }
    }

    private void AnalyzeTorchModule(JsonElement? config, string? layer)
    {
        Report(
            KerasRules.TorchModuleWrapper,
            layer,
            "keras.layers.TorchModuleWrapper",
            $"Layer '{layer}' is a TorchModuleWrapper: Keras restores its PyTorch module with torch.load, which unpickles it (CVE-2025-49655).");
        if (config is not { } body || Last(body, "module") is not { } payload)
        {
            return;
        }

        // The payload is base64 text, or a Keras 3 {"class_name": "__bytes__", "config": {"value": ...}} object.
        if (payload.ValueKind == JsonValueKind.Object && Last(payload, "config") is { ValueKind: JsonValueKind.Object } bytesConfig)
        {
            payload = Last(bytesConfig, "value") ?? payload;
        }

        if (payload.ValueKind != JsonValueKind.String)
        {
            return;
        }

        var text = payload.GetString()!;
        if (Encoding.UTF8.GetByteCount(text) > _session.Limits.MaxInMemoryOperandBytes)
        {
            _session.Report(CoreScanRules.LimitReached, $"The PyTorch payload of layer '{layer}' is larger than {_session.Limits.MaxInMemoryOperandBytes:N0} bytes (limit); it was not scanned.", Where(layer));
            return;
        }

        var bytes = DecodeBase64(text) ?? Encoding.UTF8.GetBytes(text);
        using var stream = new MemoryStream(bytes, writable: false);
        var member = $"{_source}:{layer}.module";
        _session.Scan(new ScanInput { Stream = stream, Location = _input.Location.Enter(member), Name = "module.pt", Depth = _input.Depth + 1 });
    }

    private void AnalyzeTensorFlowOp(JsonElement config, string? layer)
    {
        if (Last(config, "node_def") is not { ValueKind: JsonValueKind.Object } node)
        {
            return;
        }

        foreach (var op in Strings(node, "op"))
        {
            var location = Where(layer);
            switch (TensorFlowOps.RiskOf(op))
            {
                case OpRisk.Code:
                    _session.Report(TensorFlowRules.CodeExecutionOp, $"Layer '{layer}' runs the TensorFlow operator {op}, which calls back into Python.", location, op);
                    break;
                case OpRisk.File or OpRisk.Network or OpRisk.Checkpoint:
                    _session.Report(TensorFlowRules.FileOrNetworkOp, $"Layer '{layer}' runs the TensorFlow operator {op}, which reaches files or the network.", location, op);
                    break;
                case OpRisk.Output or OpRisk.Debug or OpRisk.Process:
                    _session.Report(TensorFlowRules.SideEffectOp, $"Layer '{layer}' runs the TensorFlow operator {op}, which has effects outside the computation.", location, op);
                    break;
                default:
                    if (!TensorFlowOps.IsKnown(op))
                    {
                        _session.Report(TensorFlowRules.UnknownOp, $"Layer '{layer}' runs the operator {op}, which is not a standard TensorFlow operator.", location, op);
                    }

                    break;
            }
        }
    }

    private void ReportBytecode(string? layer, string subject, string? code, string key)
    {
        var decoded = code is null ? null : DecodeBase64(code);
        var marshal = decoded is { Length: > 0 } && decoded[0] is 0xE3 or 0x63;
        var evidence = new List<KeyValuePair<string, string>> { new("field", key), new("source", _source) };
        if (decoded is not null)
        {
            evidence.Add(new("bytes", decoded.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        evidence.Add(new("marshal-code-object", marshal ? "yes" : "no"));
        Report(
            KerasRules.LambdaBytecode,
            layer,
            subject,
            $"Layer '{layer}' carries marshalled Python bytecode in '{key}'{(decoded is null ? string.Empty : $" ({decoded.Length:N0} bytes)")}, which Keras turns into a function and runs (CVE-2024-3660).",
            evidence);
    }

    private void ReportCustom(string? layer, string subject, string message)
    {
        if (_allowed.Contains(subject))
        {
            return;
        }

        var strict = _session.Options.Strict;
        Report(KerasRules.CustomObject, layer, subject, message, severity: strict ? Severity.High : null, verdict: strict ? FileVerdict.Dangerous : null);
    }

    private void Report(
        ScanRule rule,
        string? layer,
        string? subject,
        string message,
        IEnumerable<KeyValuePair<string, string>>? evidence = null,
        Severity? severity = null,
        FileVerdict? verdict = null,
        bool dedupe = true)
    {
        if (dedupe && !_reported.Add($"{rule.Id}|{layer}|{subject}"))
        {
            return;
        }

        var facts = (evidence ?? []).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        facts.TryAdd("source", _source);
        _session.Report(rule, message, Where(layer), subject, facts, severity, verdict);
    }

    private ScanLocation Where(string? layer) => layer is null ? _location : _location.AtNode(layer);

    private static string Qualified(string? module, string name) => module is null or "builtins" ? name : $"{module}.{name}";

    private static string? LayerName(JsonElement element)
    {
        if (Last(element, "config") is { ValueKind: JsonValueKind.Object } config && Strings(config, "name").LastOrDefault() is { } name)
        {
            return name;
        }

        return element.TryGetProperty("class_name", out _) ? Strings(element, "name").LastOrDefault() : null;
    }

    private static JsonElement? Last(JsonElement element, string key)
    {
        JsonElement? found = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(key))
            {
                found = property.Value;
            }
        }

        return found;
    }

    private static List<string> Strings(JsonElement element, string key)
    {
        var values = new List<string>();
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(key) && property.Value.ValueKind == JsonValueKind.String)
            {
                values.Add(property.Value.GetString()!);
            }
        }

        return values;
    }

    private static string? FirstString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array when value.GetArrayLength() > 0 && value[0].ValueKind == JsonValueKind.String => value[0].GetString(),
        _ => null,
    };

    private static bool LooksLikeMarshal(string text) =>
        text.Length >= 24 && DecodeBase64(text) is { Length: >= 16 } bytes && bytes[0] is 0xE3 or 0x63;

    private static byte[]? DecodeBase64(string text)
    {
        var compact = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(c);
            }
        }

        try
        {
            return Convert.FromBase64String(compact.ToString());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Python's json module writes and reads NaN, Infinity and -Infinity; System.Text.Json does not. They are replaced,
    /// outside strings, by numbers of the same length so that offsets stay right.
    /// </summary>
    internal static byte[] PythonLiteralsToJson(ReadOnlySpan<byte> json)
    {
        var text = json.ToArray();
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b == (byte)'N' && text.AsSpan(i).StartsWith("NaN"u8))
            {
                "0.0"u8.CopyTo(text.AsSpan(i));
                i += 2;
            }
            else if (b == (byte)'I' && text.AsSpan(i).StartsWith("Infinity"u8))
            {
                "1e999999"u8.CopyTo(text.AsSpan(i));
                i += 7;
            }
        }

        return text;
    }

    private static int NestingDepth(ReadOnlySpan<byte> json)
    {
        int depth = 0, deepest = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)'[' or (byte)'{')
            {
                deepest = Math.Max(deepest, ++depth);
            }
            else if (b is (byte)']' or (byte)'}')
            {
                depth--;
            }
        }

        return deepest;
    }
}
