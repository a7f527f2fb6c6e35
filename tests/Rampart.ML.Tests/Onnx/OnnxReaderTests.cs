using Rampart.ML.Onnx;
using Rampart.ML.Onnx.Model;
using Rampart.ML.Onnx.Protobuf;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.Tests.ML.Onnx;

public sealed class OnnxReaderTests
{
    private static byte[] Model(GraphProto graph, long opset = 13)
    {
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetId(string.Empty, opset));
        return OnnxProtoWriter.WriteModel(model);
    }

    private static GraphProto IdentityGraph(TensorProto? initializer = null)
    {
        var g = new GraphProto { Name = "g" };
        g.Inputs.Add(new ValueInfoProto { Name = "x", ElementType = (int)OnnxDataType.Float, Shape = [new Dimension(null, "N"), new Dimension(2, null)] });
        var node = new NodeProto { OpType = "Identity", Name = "id" };
        node.Inputs.Add("x");
        node.Outputs.Add("y");
        g.Nodes.Add(node);
        g.Outputs.Add(new ValueInfoProto { Name = "y", ElementType = (int)OnnxDataType.Float });
        if (initializer is not null)
        {
            g.Initializers.Add(initializer);
        }

        return g;
    }

    private static OnnxFormatException Refused(byte[] bytes, OnnxLoadOptions? options = null) =>
        Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(bytes, "test", options));

    [Fact]
    public void Load_WriterOutput_RoundTripsAllFields()
    {
        var b = new OnnxModelBuilder("roundtrip", 13).AddMetadata("seed", "42");
        b.AddInput("x", OnnxDataType.Float, null, 3);
        b.AddInitializer("w", [1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
        b.AddInitializer("shape", [-1L, 2L], 2);
        b.AddNode("MatMul", ["x", "w"], ["m"]);
        b.AddNode("Reshape", ["m", "shape"], ["y"]);
        b.AddNode("Transpose", ["y"], ["t"], OnnxAttributeValue.OfInts("perm", 1, 0));
        b.AddOutput("t", OnnxDataType.Float, 2, null);
        var bytes = b.ToBytes();

        var model = OnnxModel.Load(bytes, "roundtrip");
        var result = model.Run(new Dictionary<string, OnnxTensor> { ["x"] = OnnxTensor.Create([1, 3], new[] { 1f, 0f, -1f }) })["t"];

        Assert.Equal("roundtrip", model.Proto.Graph!.Name);
        Assert.Equal(new KeyValuePair<string, string>("seed", "42"), Assert.Single(model.Proto.MetadataProps));
        Assert.Equal([2, 1], result.Shape);
        Assert.Equal([-4f, -4f], result.Floats);
        Assert.Equal(bytes, OnnxProtoWriter.WriteModel(model.Proto));
    }

    [Fact]
    public void ParseTensor_UnpackedAndPackedRepeatedFields_ReadTheSame()
    {
        var w = new ProtoWriter();
        w.WriteInt64(1, 3);
        w.WriteInt64(2, (long)OnnxDataType.Int64);
        w.WriteInt64(7, 5);
        w.WritePackedInt64(7, [6, -7]);
        var t = OnnxProtoParser.ParseTensor(w.ToArray(), OnnxLoadOptions.Default, "t");
        var tensor = TensorCodec.Decode(t, OnnxLoadOptions.Default, "t", null);
        Assert.Equal([5L, 6L, -7L], tensor.As<long>());
    }

    [Fact]
    public void Load_TruncatedBytes_ThrowsMalformed()
    {
        var bytes = Model(IdentityGraph());
        var ex = Refused(bytes[..^3]);
        Assert.Equal(OnnxErrorKind.Malformed, ex.Kind);
        Assert.Contains("ModelProto", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongWireTypeForKnownField_NamesTheField()
    {
        var w = new ProtoWriter();
        w.WriteBytes(1, [1, 2]);
        var ex = Refused(w.ToArray());
        Assert.Contains("ir_version", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TensorClaimingTrillionElements_RefusedBeforeAllocating()
    {
        var huge = new TensorProto { Name = "huge", DataType = (int)OnnxDataType.Float };
        huge.Dims.AddRange([1_000_000L, 1_000_000L]);
        huge.RawData = new byte[16];
        var ex = Refused(Model(IdentityGraph(huge)));
        Assert.Equal(OnnxErrorKind.LimitExceeded, ex.Kind);
        Assert.Contains("'huge'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RawDataShorterThanShape_ThrowsNamingTheTensor()
    {
        var t = new TensorProto { Name = "w", DataType = (int)OnnxDataType.Float, RawData = new byte[12] };
        t.Dims.AddRange([2L, 2L]);
        var ex = Refused(Model(IdentityGraph(t)));
        Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("raw_data holds 12 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TypedDataCountMismatch_Throws()
    {
        var t = new TensorProto { Name = "w", DataType = (int)OnnxDataType.Float };
        t.Dims.Add(3);
        t.FloatData.AddRange([1f, 2f]);
        Assert.Contains("holds 2 values", Refused(Model(IdentityGraph(t))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DeepNesting_RefusedAtDepthLimit()
    {
        var ex = Refused(Model(IdentityGraph()), new OnnxLoadOptions { MaxDepth = 2 });
        Assert.Equal(OnnxErrorKind.LimitExceeded, ex.Kind);
    }

    [Fact]
    public void Load_TooManyNodes_RefusedAtNodeLimit()
    {
        var ex = Refused(Model(TwoNodes()), new OnnxLoadOptions { MaxNodes = 1 });
        Assert.Contains("more than 1 nodes", ex.Message, StringComparison.Ordinal);

        static GraphProto TwoNodes()
        {
            var g = IdentityGraph();
            var n = new NodeProto { OpType = "Identity" };
            n.Inputs.Add("y");
            n.Outputs.Add("z");
            g.Nodes.Add(n);
            return g;
        }
    }

    [Fact]
    public void Load_FileOverSizeLimit_RefusedBeforeReading()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "m.onnx");
        File.WriteAllBytes(path, Model(IdentityGraph()));
        var ex = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(path, new OnnxLoadOptions { MaxFileBytes = 10 }));
        Assert.Equal(OnnxErrorKind.LimitExceeded, ex.Kind);
    }

    [Fact]
    public void Load_MissingFile_ThrowsUnreadable()
    {
        var ex = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load("/nonexistent/model.onnx"));
        Assert.Equal(OnnxErrorKind.Unreadable, ex.Kind);
    }

    [Fact]
    public void Load_Cycle_Refused()
    {
        var g = IdentityGraph();
        var a = new NodeProto { OpType = "Relu", Name = "a" };
        a.Inputs.Add("b_out");
        a.Outputs.Add("a_out");
        var b = new NodeProto { OpType = "Relu", Name = "b" };
        b.Inputs.Add("a_out");
        b.Outputs.Add("b_out");
        g.Nodes.AddRange([a, b]);
        var ex = Refused(Model(g));
        Assert.Equal(OnnxErrorKind.InvalidGraph, ex.Kind);
        Assert.Contains("cycle", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UndefinedInput_NamesValueAndNode()
    {
        var g = IdentityGraph();
        g.Nodes[0].Inputs[0] = "ghost";
        var ex = Refused(Model(g));
        Assert.Contains("'ghost'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("node 'id'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnsupportedOperator_NamesOperatorNodeAndDomain()
    {
        var g = IdentityGraph();
        g.Nodes[0].OpType = "Erf";
        var ex = Refused(Model(g));
        Assert.Equal(OnnxErrorKind.UnsupportedOperator, ex.Kind);
        Assert.Contains("Erf", ex.Message, StringComparison.Ordinal);
        Assert.Contains("node 'id'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ai.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnsupportedDomain_RefusedAtLoad()
    {
        var g = IdentityGraph();
        g.Nodes[0].Domain = "com.microsoft";
        g.Nodes[0].OpType = "FusedMatMul";
        var ex = Refused(Model(g));
        Assert.Equal(OnnxErrorKind.UnsupportedOperator, ex.Kind);
        Assert.Contains("'com.microsoft'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FusedMatMul", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnsupportedTypeForOperator_RefusedAtLoad()
    {
        var g = IdentityGraph();
        g.Inputs[0].ElementType = (int)OnnxDataType.String;
        g.Nodes[0].OpType = "Relu";
        var ex = Refused(Model(g));
        Assert.Equal(OnnxErrorKind.UnsupportedType, ex.Kind);
        Assert.Contains("STRING", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OpsetNewerThanSupported_Refused()
    {
        var ex = Refused(Model(IdentityGraph(), opset: 99));
        Assert.Contains("opset 99", ex.Message, StringComparison.Ordinal);
    }

    private static TensorProto External(string location, long offset = 0, long? length = null)
    {
        var t = new TensorProto { Name = "w", DataType = (int)OnnxDataType.Float, DataLocation = 1 };
        t.Dims.Add(2);
        t.ExternalData.Add(new("location", location));
        t.ExternalData.Add(new("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (length is { } l)
        {
            t.ExternalData.Add(new("length", l.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return t;
    }

    private static string WriteWithExternal(TempFolder folder, TensorProto tensor)
    {
        File.WriteAllBytes(Path.Combine(folder.Path, "weights.bin"), [.. new byte[4], .. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f)]);
        var path = Path.Combine(folder.Path, "model.onnx");
        File.WriteAllBytes(path, Model(IdentityGraph(tensor)));
        return path;
    }

    [Fact]
    public void Load_ExternalDataInsideFolder_ReadsOffsetAndLength()
    {
        using var folder = new TempFolder();
        var model = OnnxModel.Load(WriteWithExternal(folder, External("weights.bin", 4, 8)));
        Assert.Equal([1.5f, -2f], model.Graph.Constant(0)!.Floats);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../weights.bin")]
    [InlineData("sub/../../weights.bin")]
    public void Load_ExternalDataOutsideFolder_Refused(string location)
    {
        using var folder = new TempFolder();
        var ex = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(WriteWithExternal(folder, External(location))));
        Assert.Equal(OnnxErrorKind.UnsafeExternalData, ex.Kind);
    }

    [Fact]
    public void Load_ExternalDataPastEndOfFile_Refused()
    {
        using var folder = new TempFolder();
        var ex = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(WriteWithExternal(folder, External("weights.bin", 8, 8))));
        Assert.Equal(OnnxErrorKind.UnsafeExternalData, ex.Kind);
        Assert.Contains("only 12 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExternalDataThroughSymlinkLeavingFolder_Refused()
    {
        using var outside = new TempFolder();
        using var folder = new TempFolder();
        var target = Path.Combine(outside.Path, "secret.bin");
        File.WriteAllBytes(target, new byte[8]);
        File.CreateSymbolicLink(Path.Combine(folder.Path, "link.bin"), target);
        var ex = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(WriteWithExternal(folder, External("link.bin"))));
        Assert.Equal(OnnxErrorKind.UnsafeExternalData, ex.Kind);
        Assert.Contains("symbolic link", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExternalDataFromBytes_Refused()
    {
        var ex = Refused(Model(IdentityGraph(External("weights.bin"))));
        Assert.Equal(OnnxErrorKind.UnsafeExternalData, ex.Kind);
    }
}
