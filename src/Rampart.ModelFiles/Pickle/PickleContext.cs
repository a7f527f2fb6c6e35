namespace Rampart.ModelFiles.Pickle;

/// <summary>What kind of file a pickle stream comes from; decides whether persistent ids are expected.</summary>
public enum PickleContext
{
    /// <summary>Work it out from the input: a pickle inside an archive member is treated as <see cref="TorchZip"/>, anything else as <see cref="Plain"/>.</summary>
    Auto,

    /// <summary>A stand-alone pickle (or the data of a NumPy object array): persistent ids are suspicious.</summary>
    Plain,

    /// <summary>
    /// A pickle member of a PyTorch zip (<c>data.pkl</c>, <c>constants.pkl</c>): persistent ids of the form
    /// <c>('storage', storage_type, key, location, numel)</c> are how tensors refer to their storages.
    /// </summary>
    TorchZip,
}
