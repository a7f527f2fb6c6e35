namespace Rampart.ML.Onnx.Protobuf;

/// <summary>Protobuf wire types (groups are refused: ONNX does not use them).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}
