using System.Globalization;
using System.Numerics;

namespace Rampart.ModelFiles.Pickle;

/// <summary>The raw storages of legacy PyTorch files.</summary>
internal sealed partial class PickleScan
{
    private bool SkipLegacyStorages(PickleValue keys)
    {
        var start = Reader.Position;
        if (Reader.AtEnd)
        {
            return true;
        }

        if (keys is not PickleValue.Sequence { Kind: "list", Dropped: 0 } list || !list.Items.TrueForAll(key => key is PickleValue.Text { Complete: true }))
        {
            Unverified(start, "the storage-key pickle is not a list of strings");
            return false;
        }

        Span<byte> size = stackalloc byte[8];
        foreach (var key in list.Items.Cast<PickleValue.Text>().Select(text => text.Value))
        {
            Session.CancellationToken.ThrowIfCancellationRequested();
            var at = Reader.Position;
            if (!Storages.TryGetValue(key, out var storage))
            {
                Layout(at, $"The storage key '{key}' is not declared by any persistent id of the object pickle; torch.load fails there.");
                return false;
            }

            if (storage.ElementSize is not { } elementSize)
            {
                Unverified(at, $"the storage type of key '{key}' is not a known torch storage");
                return false;
            }

            if (Reader.Remaining < 8)
            {
                Layout(at, $"The raw data of storage '{key}' at offset {at} is truncated before its element count.");
                return false;
            }

            Reader.ReadExactly(size);
            var count = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(size);
            if (count < 0 || (storage.Count is { } declared && declared != count))
            {
                Layout(at, $"The raw data of storage '{key}' at offset {at} holds {count} elements, but its persistent id declares {storage.Count}.");
                return false;
            }

            var bytes = (BigInteger)count * elementSize;
            if (bytes > Reader.Remaining)
            {
                Layout(at, $"The raw data of storage '{key}' at offset {at} declares {bytes} bytes but only {Reader.Remaining} remain.");
                return false;
            }

            Reader.Skip((long)bytes);
        }

        return true;
    }

    private void Layout(long offset, string message) =>
        Report(PickleRules.TorchStorageLayout, message, offset, null, evidence: [new("storages", Storages.Count.ToString(CultureInfo.InvariantCulture))]);

    private void Unverified(long offset, string reason) =>
        Report(
            PickleRules.UnverifiedData,
            $"{Reader.Length - offset} bytes of raw storage data follow the pickles of this legacy PyTorch file from offset {offset}; their layout was not checked because {reason}.",
            offset,
            null);
}
