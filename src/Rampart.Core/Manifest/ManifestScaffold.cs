using System.Globalization;
using System.Text;
using Rampart.Catalogue;
using Rampart.IO;

namespace Rampart.Manifest;

/// <summary>
/// Writes a starting <c>rampart.yaml</c> for a folder (<c>rampart init</c>): it lists the model files, datasets
/// and dependency lock files found there with their SHA-256, guesses label and sensitive columns from CSV
/// headers, and leaves stakeholders, attestations and risks for the owner to fill in.
/// </summary>
public static class ManifestScaffold
{
    /// <summary>The most files looked at.</summary>
    public const int MaxFiles = 10_000;

    private static readonly string[] ModelExtensions = [".onnx", ".pt", ".pth", ".pkl", ".pickle", ".joblib", ".safetensors", ".gguf", ".h5", ".keras", ".npy", ".npz", ".ckpt"];
    private static readonly string[] DatasetExtensions = [".csv", ".tsv", ".jsonl", ".parquet"];
    private static readonly string[] LockFiles = ["requirements.txt", "poetry.lock", "Pipfile.lock", "uv.lock", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "packages.lock.json", "go.sum", "Cargo.lock", "conda-lock.yml", "environment.yml"];
    private static readonly string[] SkippedFolders = ["node_modules", "bin", "obj", "artifacts", "__pycache__", "reports"];
    private static readonly string[] LabelNames = ["label", "target", "y", "class", "outcome", "default", "approved"];
    private static readonly string[] SensitiveNames = ["sex", "gender", "age_band", "age_group", "race", "ethnicity", "religion", "nationality", "disability", "marital_status", "sexual_orientation"];

    /// <summary>Builds the manifest text.</summary>
    /// <param name="folder">The system's folder.</param>
    /// <param name="name">System name (default: the folder name).</param>
    /// <param name="stage">Current stage id.</param>
    /// <param name="catalogue">The catalogue (for the list of roles).</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>YAML text that <see cref="ManifestReader"/> accepts.</returns>
    public static async Task<string> CreateAsync(string folder, string? name, string stage, SecurityCatalogue catalogue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(catalogue);
        var root = Path.GetFullPath(folder);
        var all = Enumerate(root).Take(MaxFiles + 1).ToList();
        var files = all.Take(MaxFiles).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        sb.AppendLine("# Rampart manifest: one AI system. Every key is described in docs/manifest.md.");
        if (all.Count > MaxFiles)
        {
            sb.AppendLine($"# Only the first {MaxFiles} files found were considered; list further assets by hand.");
        }

        sb.AppendLine("rampart: 1");
        sb.AppendLine("system:");
        sb.AppendLine($"  name: {Q(name ?? new DirectoryInfo(root).Name)}");
        sb.AppendLine("  description: \"\"");
        sb.AppendLine("  owner: \"TODO: accountable owner\"");
        sb.AppendLine($"  stage: {stage}   # one of: {string.Join(", ", catalogue.Stages.Select(s => s.Id))}");
        sb.AppendLine("  criticality: medium   # low, medium, high or critical");
        sb.AppendLine("# Name one person or team per role: " + string.Join(", ", catalogue.Roles.Select(r => r.Id)));
        sb.AppendLine("stakeholders: []");
        sb.AppendLine("assets:");

        var models = files.Where(f => ModelExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) || Path.GetFileName(f) == "saved_model.pb").ToList();
        var datasets = files.Where(f => DatasetExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).ToList();
        var locks = files.Where(f => LockFiles.Contains(Path.GetFileName(f), StringComparer.Ordinal)
            || (Path.GetFileName(f).StartsWith("requirements", StringComparison.Ordinal) && (f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".lock", StringComparison.Ordinal)))).ToList();
        var ids = new HashSet<string>(StringComparer.Ordinal);

        sb.AppendLine(models.Count == 0 ? "  models: []" : "  models:");
        foreach (var file in models)
        {
            sb.AppendLine($"    - id: {Q(UniqueId(file, ids))}");
            sb.AppendLine($"      path: {Q(file)}");
            sb.AppendLine($"      sha256: {await HashAsync(root, file, cancellationToken).ConfigureAwait(false)}");
        }

        sb.AppendLine(datasets.Count == 0 ? "  datasets: []" : "  datasets:");
        foreach (var file in datasets)
        {
            var header = Path.GetExtension(file).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? await HeaderAsync(Path.Combine(root, file), cancellationToken).ConfigureAwait(false) : [];
            var words = System.Text.RegularExpressions.Regex.Split(Path.GetFileNameWithoutExtension(file).ToLowerInvariant(), "[^a-z0-9]+");
            sb.AppendLine($"    - id: {Q(UniqueId(file, ids))}");
            sb.AppendLine($"      path: {Q(file)}");
            sb.AppendLine($"      role: {(words.Any(w => w is "test" or "eval" or "holdout" or "validation") ? "test" : words.Any(w => w is "ref" or "reference" or "baseline") ? "reference" : "train")}");
            var label = header.FirstOrDefault(h => LabelNames.Contains(h.ToLowerInvariant(), StringComparer.Ordinal));
            if (label is not null)
            {
                sb.AppendLine($"      label: {Q(label)}");
            }

            var sensitive = header.Where(h => SensitiveNames.Contains(h.ToLowerInvariant(), StringComparer.Ordinal)).ToList();
            if (sensitive.Count > 0)
            {
                sb.AppendLine($"      sensitive: [{string.Join(", ", sensitive.Select(Q))}]");
            }

            sb.AppendLine($"      sha256: {await HashAsync(root, file, cancellationToken).ConfigureAwait(false)}");
        }

        sb.AppendLine("  services: []");
        sb.AppendLine(locks.Count == 0 ? "  dependencies: []" : "  dependencies:");
        foreach (var file in locks)
        {
            sb.AppendLine($"    - id: {Q(UniqueId(file, ids))}");
            sb.AppendLine($"      path: {Q(file)}");
            sb.AppendLine($"      sha256: {await HashAsync(root, file, cancellationToken).ConfigureAwait(false)}");
        }

        sb.AppendLine("# Attest process requirements (see 'rampart catalog requirements'):");
        sb.AppendLine("#   - requirement: PRC-ORG-01");
        sb.AppendLine("#     status: implemented   # implemented, partial, not-implemented, not-applicable");
        sb.AppendLine("#     owner: \"Name\"");
        sb.AppendLine("#     date: YYYY-MM-DD");
        sb.AppendLine("#     evidence: [{ path: evidence/file.pdf, sha256: ... }]");
        sb.AppendLine("attestations: []");
        sb.AppendLine("risks: []");
        sb.AppendLine("policy:");
        sb.AppendLine("  fail_on: high");
        sb.AppendLine("  evidence_max_age_days: 365");
        sb.AppendLine("  risk_tolerance: medium");
        return sb.ToString();
    }

    private static IEnumerable<string> Enumerate(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.ReparsePoint, MaxRecursionDepth = 8 };
        return Directory.EnumerateFiles(root, "*", options)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.') || SkippedFolders.Contains(part, StringComparer.Ordinal)));
    }

    private static async Task<string> HashAsync(string root, string relative, CancellationToken cancellationToken) =>
        await FileHasher.Sha256HexAsync(Path.Combine(root, relative), cancellationToken).ConfigureAwait(false);

    private static async Task<string[]> HeaderAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[8192];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        var line = new string(buffer, 0, read).Split('\n')[0].TrimEnd('\r');
        return [.. line.Split(',').Select(h => h.Trim().Trim('"'))];
    }

    private static string UniqueId(string file, HashSet<string> used)
    {
        var stem = new string([.. Path.GetFileNameWithoutExtension(file).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]).Trim('-', '.', '_');
        stem = stem.Length == 0 ? "asset" : stem[..Math.Min(stem.Length, 56)];
        var id = stem;
        for (var i = 2; !used.Add(id); i++)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{stem}-{i}");
        }

        return id;
    }

    private static string Q(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
