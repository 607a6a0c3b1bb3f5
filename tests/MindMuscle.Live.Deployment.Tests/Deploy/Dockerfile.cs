using System.Text.Json;

namespace MindMuscle.Live.Deployment.Tests.Deploy;

/// <summary>A Dockerfile read into instructions and stages: enough to check what a build would copy and run.</summary>
internal sealed record Dockerfile(string Path, IReadOnlyList<DockerStage> Stages)
{
    public DockerStage Final => Stages[^1];

    public static Dockerfile Load(string path)
    {
        List<DockerStage> stages = [];
        List<DockerInstruction> current = [];
        string? from = null, name = null;
        foreach (var instruction in ReadInstructions(File.ReadAllText(path)))
        {
            if (instruction.Keyword == "FROM")
            {
                if (from is not null)
                {
                    stages.Add(new DockerStage(from, name, current));
                }

                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                from = parts.First(p => !p.StartsWith("--", StringComparison.Ordinal));
                var asIndex = Array.FindIndex(parts, p => p.Equals("AS", StringComparison.OrdinalIgnoreCase));
                name = asIndex >= 0 && asIndex + 1 < parts.Length ? parts[asIndex + 1] : null;
                current = [];
                continue;
            }

            if (from is null && instruction.Keyword != "ARG")
            {
                throw new InvalidOperationException($"{path}: {instruction.Keyword} before the first FROM.");
            }

            current.Add(instruction);
        }

        if (from is null)
        {
            throw new InvalidOperationException($"{path}: no FROM.");
        }

        stages.Add(new DockerStage(from, name, current));
        return new Dockerfile(path, stages);
    }

    /// <summary>Instructions with line continuations joined and comments and parser directives dropped.</summary>
    private static IEnumerable<DockerInstruction> ReadInstructions(string text)
    {
        var pending = "";
        var lineNumber = 0;
        var startLine = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('#') || (pending.Length == 0 && trimmed.Length == 0))
            {
                continue;
            }

            if (pending.Length == 0)
            {
                startLine = lineNumber;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = "";
            var space = full.IndexOf(' ', StringComparison.Ordinal);
            yield return new DockerInstruction(
                (space < 0 ? full : full[..space]).ToUpperInvariant(),
                space < 0 ? "" : full[(space + 1)..].Trim(),
                startLine);
        }
    }
}

internal sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerCopy> Copies => Instructions.Where(i => i.Keyword is "COPY" or "ADD").Select(DockerCopy.Parse);
}

internal sealed record DockerInstruction(string Keyword, string Arguments, int Line);

/// <summary>A COPY/ADD: flags (--from, --chmod, ...), sources (relative to the build context unless --from), destination.</summary>
internal sealed record DockerCopy(IReadOnlyDictionary<string, string> Flags, IReadOnlyList<string> Sources, string Destination, int Line)
{
    public bool FromContext => !Flags.ContainsKey("from");

    public static DockerCopy Parse(DockerInstruction instruction)
    {
        var words = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        while (words.Count > 0 && words[0].StartsWith("--", StringComparison.Ordinal))
        {
            var flag = words[0][2..];
            var eq = flag.IndexOf('=', StringComparison.Ordinal);
            flags[eq < 0 ? flag : flag[..eq]] = eq < 0 ? "" : flag[(eq + 1)..];
            words.RemoveAt(0);
        }

        var rest = string.Join(' ', words);
        var paths = rest.StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(rest) ?? []
            : [.. words];
        if (paths.Length < 2)
        {
            throw new InvalidOperationException($"line {instruction.Line}: COPY needs a source and a destination.");
        }

        return new DockerCopy(flags, paths[..^1], paths[^1], instruction.Line);
    }
}
