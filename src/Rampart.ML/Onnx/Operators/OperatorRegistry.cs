using Rampart.ML.Onnx.Operators.AiOnnx;

namespace Rampart.ML.Onnx.Operators;

/// <summary>
/// Maps (domain, operator) to kernel factories, and lists the operator-set versions each domain accepts. Domains
/// register in their own files (see <see cref="AiOnnxOperators"/>); a new domain such as <c>ai.onnx.ml</c> adds a
/// registrar and one line in <see cref="CreateDefault"/>.
/// </summary>
internal sealed class OperatorRegistry
{
    private readonly Dictionary<(string Domain, string Op), KernelFactory> _factories = [];
    private readonly Dictionary<string, (long Min, long Max)> _domains = new(StringComparer.Ordinal);

    public static OperatorRegistry Default { get; } = CreateDefault();

    public IEnumerable<string> Operators(string domain) =>
        _factories.Keys.Where(k => k.Domain == Normalize(domain)).Select(k => k.Op).Order(StringComparer.Ordinal);

    public static OperatorRegistry CreateDefault()
    {
        var registry = new OperatorRegistry();
        AiOnnxOperators.Register(registry);
        AiOnnxMl.AiOnnxMlOperators.Register(registry);
        return registry;
    }

    /// <summary>"ai.onnx" and "" are the same domain.</summary>
    public static string Normalize(string domain) => domain == "ai.onnx" ? string.Empty : domain;

    public void AddDomain(string domain, long minOpset, long maxOpset) => _domains[Normalize(domain)] = (minOpset, maxOpset);

    public void Add(string domain, string op, KernelFactory factory) => _factories[(Normalize(domain), op)] = factory;

    public bool TryGetDomain(string domain, out (long Min, long Max) range) => _domains.TryGetValue(Normalize(domain), out range);

    public bool TryGet(string domain, string op, out KernelFactory factory) =>
        _factories.TryGetValue((Normalize(domain), op), out factory!);
}
