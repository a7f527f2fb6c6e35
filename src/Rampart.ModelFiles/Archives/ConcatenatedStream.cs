using Rampart.ModelFiles.IO;

namespace Rampart.ModelFiles.Archives;

/// <summary>Reads several streams one after the other, opening each when the previous one ends and disposing it.</summary>
/// <param name="parts">Opens each part, in order.</param>
internal sealed class ConcatenatedStream(IReadOnlyList<Func<Stream>> parts) : ForwardReadStream
{
    private int _next;
    private Stream? _current;

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_next >= parts.Count)
                {
                    return 0;
                }

                _current = parts[_next++]();
            }

            var read = _current.Read(buffer);
            if (read > 0)
            {
                return read;
            }

            _current.Dispose();
            _current = null;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
        }

        base.Dispose(disposing);
    }
}
