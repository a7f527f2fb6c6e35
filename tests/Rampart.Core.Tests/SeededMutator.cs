using System.Text;

namespace Rampart.Tests;

/// <summary>
/// Mutation fuzzing of parsers: byte flips, deletions, token insertions, self-splices and single bytes from a
/// format's own alphabet, driven by a seeded Random so every failing input can be reproduced.
/// </summary>
internal static class SeededMutator
{
    public static byte[] Mutate(byte[] seed, Random random, string[] tokens, string alphabet, int maxDelete, int maxSplice)
    {
        var list = new List<byte>(seed);
        var rounds = random.Next(1, 6);
        for (var r = 0; r < rounds && list.Count > 0; r++)
        {
            var at = random.Next(list.Count);
            switch (random.Next(5))
            {
                case 0:
                    list[at] = (byte)random.Next(256);
                    break;
                case 1:
                    list.RemoveRange(at, Math.Min(list.Count - at, random.Next(1, maxDelete)));
                    break;
                case 2:
                    list.InsertRange(at, Encoding.UTF8.GetBytes(tokens[random.Next(tokens.Length)]));
                    break;
                case 3:
                    var from = random.Next(list.Count);
                    var length = Math.Min(list.Count - from, random.Next(1, maxSplice));
                    list.InsertRange(at, list.GetRange(from, length));
                    break;
                default:
                    list.Insert(at, (byte)alphabet[random.Next(alphabet.Length)]);
                    break;
            }
        }

        return [.. list];
    }
}
