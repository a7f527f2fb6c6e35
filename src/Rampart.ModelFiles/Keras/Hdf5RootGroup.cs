namespace Rampart.ModelFiles.Keras;

/// <summary>What the root group of an HDF5 file holds, as far as the Keras scanner needs it.</summary>
internal sealed class Hdf5RootGroup
{
    /// <summary>The superblock version (0 to 3).</summary>
    public int SuperblockVersion { get; init; }

    /// <summary>Attributes stored in the root object header (compact storage).</summary>
    public List<Hdf5Attribute> Attributes { get; } = [];

    /// <summary>Whether the root group links to children (groups or datasets).</summary>
    public bool HasChildren { get; set; }

    /// <summary>Whether the root's attributes are in dense storage (a fractal heap this reader does not read).</summary>
    public bool DenseAttributes { get; set; }

    /// <summary>Whether some attribute messages are shared (stored elsewhere, not read).</summary>
    public bool SharedAttributes { get; set; }
}
