namespace Rampart.Labels;

/// <summary>How far a dataset read has got.</summary>
/// <param name="BytesRead">Bytes of the dataset read so far.</param>
/// <param name="TotalBytes">The dataset's size in bytes when known, otherwise 0.</param>
/// <param name="Rows">Data rows hashed so far.</param>
public readonly record struct LabelProgress(long BytesRead, long TotalBytes, long Rows);
