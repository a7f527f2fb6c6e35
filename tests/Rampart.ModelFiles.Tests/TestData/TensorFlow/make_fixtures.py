"""Builds the TensorFlow SavedModel fixtures of Rampart's model file tests.

TensorFlow is not needed: the protobuf bytes are written by hand from the field numbers of
tensorflow/core/protobuf/saved_model.proto, meta_graph.proto and tensorflow/core/framework/{graph,function,
node_def,attr_value,op_def}.proto. Run with any Python 3 from this folder.
"""

import os
import struct


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_bytes(number, payload):
    if isinstance(payload, str):
        payload = payload.encode()
    return varint((number << 3) | 2) + varint(len(payload)) + payload


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def attr_string(value):
    return field_bytes(2, value)            # AttrValue.s


def attr_func(name):
    return field_bytes(10, field_bytes(1, name))  # AttrValue.func = NameAttrList { name = 1 }


def attr_type(dtype):
    return field_varint(6, dtype)           # AttrValue.type


def attr_tensor(values):
    # AttrValue.tensor = TensorProto { dtype = 1; tensor_shape = 2 { dim = 2 { size = 1 } }; tensor_content = 4 }
    shape = field_bytes(2, field_bytes(2, field_varint(1, len(values))))
    content = b"".join(struct.pack("<f", v) for v in values)
    return field_bytes(8, field_varint(1, 1) + shape + field_bytes(4, content))


def node(name, op, inputs=(), attrs=None):
    data = field_bytes(1, name) + field_bytes(2, op)
    for item in inputs:
        data += field_bytes(3, item)
    for key, value in (attrs or {}).items():
        data += field_bytes(5, field_bytes(1, key) + field_bytes(2, value))
    return data


def function(name, nodes):
    signature = field_bytes(1, name)        # OpDef.name
    return field_bytes(1, signature) + b"".join(field_bytes(3, n) for n in nodes)


def graph(nodes, functions=()):
    data = b"".join(field_bytes(1, n) for n in nodes)
    if functions:
        data += field_bytes(2, b"".join(field_bytes(1, f) for f in functions))
    data += field_bytes(4, field_varint(1, 1395))  # versions { producer }
    return data


def saved_model(graph_def, ops, object_graph=b""):
    op_list = b"".join(field_bytes(1, field_bytes(1, op)) for op in sorted(set(ops)))
    meta_info = field_bytes(2, op_list) + field_bytes(4, "serve") + field_bytes(5, "2.13.0")
    meta_graph = field_bytes(1, meta_info) + field_bytes(2, graph_def)
    if object_graph:
        meta_graph += field_bytes(7, object_graph)
    return field_varint(1, 1) + field_bytes(2, meta_graph)


def user_object(identifier, metadata):
    # SavedObjectGraph.nodes (1) { SavedObject.user_object (4) { identifier = 1; version = 2; metadata = 3 } }
    user = field_bytes(1, identifier) + field_bytes(2, field_varint(1, 1)) + field_bytes(3, metadata)
    return field_bytes(1, field_bytes(4, user))


def keras_tf24():
    # TF 2.0-2.4 Keras SavedModels kept each layer's JSON in SavedUserObject.metadata (before keras_metadata.pb).
    import base64
    import json
    code = base64.b64encode(b"\xe3" + b"\0" * 40).decode() + "\n"
    model = {"name": "sequential", "class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "Lambda", "config": {"name": "double", "function": [code, None, None], "function_type": "lambda",
                                            "module": "__main__", "arguments": {}}}]}}
    layer = {"name": "double", "class_name": "Lambda", "config": model["config"]["layers"][0]["config"]}
    graph_nodes = [node("x", "Placeholder"), node("output", "Identity", ["x"])]
    objects = user_object("_tf_keras_sequential", json.dumps(model)) + user_object("_tf_keras_layer", json.dumps(layer))
    return saved_model(graph(graph_nodes), ops_of(graph_nodes), objects)


def ops_of(*node_lists):
    ops = []
    for nodes in node_lists:
        for n in nodes:
            # The op is the second length-delimited field of each NodeDef written by node().
            name_len = n[1]
            op_len = n[2 + name_len + 1]
            ops.append(n[2 + name_len + 2:2 + name_len + 2 + op_len].decode())
    return ops


def table_footer(magic=0xDB4775248B80FB57):
    # LevelDB-style table footer: metaindex and index block handles (varints), padding to 40 bytes, magic.
    handles = varint(0) + varint(0) + varint(8) + varint(8)
    return handles + b"\0" * (40 - len(handles)) + struct.pack("<Q", magic)


def write(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def benign():
    main = [
        node("x", "Placeholder", attrs={"dtype": attr_type(1)}),
        node("w", "Const", attrs={"dtype": attr_type(1), "value": attr_tensor([0.5, -1.0, 2.0, 0.25])}),
        node("matmul", "MatMul", ["x", "w"], {"T": attr_type(1)}),
        node("b", "Const", attrs={"dtype": attr_type(1), "value": attr_tensor([0.1])}),
        node("add", "Add", ["matmul", "b"], {"T": attr_type(1)}),
        node("output", "Identity", ["add"], {"T": attr_type(1)}),
        node("call", "StatefulPartitionedCall", ["x"], {"f": attr_func("__inference_call_12")}),
        node("save/filename", "PlaceholderWithDefault", ["save/Const"]),
        node("save/Const", "Const", attrs={"dtype": attr_type(7)}),
        node("save/SaveV2", "SaveV2", ["save/Const", "save/tensor_names", "save/shape_and_slices", "w"]),
        node("save/control_dependency", "Identity", ["save/Const", "^save/SaveV2"]),
        node("save/RestoreV2", "RestoreV2", ["save/Const", "save/tensor_names", "save/shape_and_slices"]),
        node("save/restore_all", "NoOp", ["^save/RestoreV2"]),
        node("saver_filename", "Placeholder", attrs={"dtype": attr_type(7)}),
        node("StatefulPartitionedCall_1", "StatefulPartitionedCall", ["saver_filename"],
             {"f": attr_func("__inference__traced_save_45")}),
    ]
    traced_save = [
        node("StaticRegexFullMatch", "StaticRegexFullMatch", ["file_prefix"]),
        node("Select", "Select", ["StaticRegexFullMatch"]),
        node("StringJoin", "StringJoin", ["file_prefix", "Select"]),
        node("ShardedFilename", "ShardedFilename", ["StringJoin"]),
        node("SaveV2", "SaveV2", ["ShardedFilename"]),
        node("MergeV2Checkpoints", "MergeV2Checkpoints", ["ShardedFilename"]),
        node("Identity", "Identity", ["file_prefix", "^MergeV2Checkpoints"]),
    ]
    call = [
        node("MatMul", "MatMul", ["x"]),
        node("BiasAdd", "BiasAdd", ["MatMul"]),
        node("Relu", "Relu", ["BiasAdd"]),
    ]
    functions = [function("__inference__traced_save_45", traced_save), function("__inference_call_12", call)]
    return saved_model(graph(main, functions), ops_of(main, traced_save, call))


def malicious():
    main = [
        node("x", "Placeholder", attrs={"dtype": attr_type(7)}),
        node("call", "StatefulPartitionedCall", ["x"], {"f": attr_func("__inference_evil_7")}),
        node("py", "PyFunc", ["x"], {"token": attr_string("pyfunc_0")}),
        node("print", "PrintV2", ["x"], {"output_stream": attr_string("file:///tmp/leak.txt")}),
        node("custom", "MyCustomOp", ["x"]),
        node("exfil/SaveV2", "SaveV2", ["x"]),
    ]
    evil = [
        node("read", "ReadFile", ["x"]),
        node("write", "WriteFile", ["x", "read"]),
        node("Identity", "Identity", ["write"]),
    ]
    return saved_model(graph(main, [function("__inference_evil_7", evil)]), ops_of(main, evil))


def main():
    write("benign/saved_model.pb", benign())
    write("benign/variables/variables.index", b"\0" * 16 + table_footer())
    write("benign/variables/variables.data-00000-of-00001", struct.pack("<4f", 0.5, -1.0, 2.0, 0.25))
    write("benign/fingerprint.pb", field_varint(1, 1234) + field_varint(2, 5678) + field_varint(6, 1))
    write("benign/assets/vocab.txt", b"hello\nworld\n")

    write("malicious/saved_model.pb", malicious())
    write("malicious/variables/variables.index", b"\0" * 16 + table_footer(magic=0x1122334455667788))
    write("malicious/variables/variables.data-00000-of-00001", b"\0" * 16)
    write("malicious/assets/hook.py", b"import os\nos.system('id')\n")

    write("benign.pb", benign())
    write("keras_tf24.pb", keras_tf24())
    write("malicious.pb", malicious())


if __name__ == "__main__":
    main()
