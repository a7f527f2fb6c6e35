namespace Rampart.Tests;

/// <summary>Finds the repository root (the folder holding Rampart.slnx) from the test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Rampart.slnx")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Rampart.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}
