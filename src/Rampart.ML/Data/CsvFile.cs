using Rampart.Diagnostics;

namespace Rampart.ML.Data;

/// <summary>Opens a CSV file for one sequential read, turning an unopenable file into a problem that names it.</summary>
public static class CsvFile
{
    /// <summary>Opens <paramref name="path"/> for reading and hands the stream to <paramref name="read"/>.</summary>
    /// <typeparam name="T">What the reader produces.</typeparam>
    /// <param name="path">The CSV file.</param>
    /// <param name="read">Reads the stream.</param>
    /// <returns>The reader's result, or a problem naming the file when it cannot be opened.</returns>
    public static async Task<ValidationResult<T>> ReadAsync<T>(string path, Func<Stream, Task<ValidationResult<T>>> read)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return ValidationResult<T>.Failure([new Problem { File = path, Message = $"The file cannot be opened: {ex.Message}" }]);
        }

        await using (stream.ConfigureAwait(false))
        {
            return await read(stream).ConfigureAwait(false);
        }
    }
}
