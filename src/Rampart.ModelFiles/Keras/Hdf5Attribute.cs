namespace Rampart.ModelFiles.Keras;

/// <summary>One attribute of the root group.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Offset">Byte offset of its attribute message.</param>
/// <param name="Values">Its string values with the byte offset of each, or empty when <paramref name="Unsupported"/> is set or the value was not decoded.</param>
/// <param name="Unsupported">Why the value could not be read, or <c>null</c>.</param>
internal sealed record Hdf5Attribute(string Name, long Offset, IReadOnlyList<(byte[] Text, long Offset)> Values, string? Unsupported);
