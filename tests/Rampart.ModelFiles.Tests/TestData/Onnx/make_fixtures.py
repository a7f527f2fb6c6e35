#!/usr/bin/python3
"""Writes the ONNX fixtures with onnx's helper API (the system python3 has onnx 1.12). Nothing here runs a model."""
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = Path(__file__).parent
FLOAT = TensorProto.FLOAT


def value(name, shape=(2, 2)):
    return helper.make_tensor_value_info(name, FLOAT, list(shape))


def model(nodes, inputs, outputs, initializers=(), opsets=(("", 13),), functions=(), name="g"):
    graph = helper.make_graph(list(nodes), name, list(inputs), list(outputs), list(initializers))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid(d, v) for d, v in opsets], functions=list(functions))
    m.ir_version = 8
    return m


def save(m, name):
    (HERE / name).write_bytes(m.SerializeToString())


weight = numpy_helper.from_array(np.array([[1, 2], [3, 4]], dtype=np.float32), "w")

# A clean model with a subgraph (If) that uses a value of the outer graph.
then_graph = helper.make_graph([helper.make_node("Relu", ["y"], ["t"])], "then", [], [value("t")])
else_graph = helper.make_graph([helper.make_node("Neg", ["y"], ["e"])], "else", [], [value("e")])
cond = numpy_helper.from_array(np.array(True), "cond")
valid = model(
    [helper.make_node("Add", ["x", "w"], ["y"], name="add"),
     helper.make_node("If", ["cond"], ["z"], name="if", then_branch=then_graph, else_branch=else_graph)],
    [value("x")], [value("z")], [weight, cond])
onnx.checker.check_model(valid)
save(valid, "valid.onnx")

# onnxruntime-extensions' Python operator: passes check_model.
pyop = model([helper.make_node("PyOp", ["x"], ["y"], name="py", domain="ai.onnx.contrib")], [value("x")], [value("y")],
             opsets=(("", 13), ("ai.onnx.contrib", 1)))
onnx.checker.check_model(pyop)
save(pyop, "pyop.onnx")

# A PyOp hidden in a Loop body inside a model-local function of a custom domain.
body = helper.make_graph(
    [helper.make_node("PyOp", ["v"], ["v_out"], name="hidden_py", domain="ai.onnx.contrib"),
     helper.make_node("Identity", ["c"], ["c_out"])],
    "body", [helper.make_tensor_value_info("i", TensorProto.INT64, []), helper.make_tensor_value_info("c", TensorProto.BOOL, []), value("v")],
    [helper.make_tensor_value_info("c_out", TensorProto.BOOL, []), value("v_out")])
function = helper.make_function(
    "com.example", "Hidden", ["a", "n"], ["b"],
    [helper.make_node("Loop", ["n", "", "a"], ["b"], name="loop", body=body)],
    [helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.contrib", 1)])
hidden = model([helper.make_node("Hidden", ["x", "n"], ["y"], name="call", domain="com.example")],
               [value("x"), helper.make_tensor_value_info("n", TensorProto.INT64, [])], [value("y")],
               opsets=(("", 13), ("com.example", 1), ("ai.onnx.contrib", 1)), functions=[function])
save(hidden, "function_loop_pyop.onnx")

# A custom-domain operator, and one whose domain is not imported.
save(model([helper.make_node("Gelu", ["x"], ["y"], name="gelu", domain="com.example")], [value("x")], [value("y")],
           opsets=(("", 13), ("com.example", 1))), "custom_op.onnx")
save(model([helper.make_node("Gelu", ["x"], ["y"], name="gelu", domain="com.example")], [value("x")], [value("y")]),
     "domain_not_imported.onnx")

# Data-flow errors: a cycle, an undefined input, a value produced twice.
save(model([helper.make_node("Add", ["x", "c"], ["b"], name="first"), helper.make_node("Relu", ["b"], ["c"], name="second")],
           [value("x")], [value("c")]), "cycle.onnx")
save(model([helper.make_node("Add", ["x", "missing"], ["y"], name="add")], [value("x")], [value("y")]), "undefined_input.onnx")
save(model([helper.make_node("Relu", ["x"], ["y"], name="a"), helper.make_node("Neg", ["x"], ["y"], name="b")],
           [value("x")], [value("y")]), "duplicate_output.onnx")

# raw_data of 8 bytes for a 2x2 float tensor (needs 16).
short = TensorProto(name="w", data_type=FLOAT, dims=[2, 2], raw_data=b"\0" * 8)
save(model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [value("x")], [value("y")], [short]), "raw_size_mismatch.onnx")

# NaN, infinity and an extreme value in an initializer (deep scan).
odd = numpy_helper.from_array(np.array([[np.nan, np.inf], [1e35, 1.0]], dtype=np.float32), "w")
save(model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [value("x")], [value("y")], [odd]), "nan_inf.onnx")


def external(location, offset=None, length=None, extra=()):
    t = TensorProto()
    t.name, t.data_type = "w", FLOAT
    t.dims.extend([2, 2])
    t.data_location = TensorProto.EXTERNAL
    for key, val in [("location", location), ("offset", offset), ("length", length), *extra]:
        if val is not None:
            entry = t.external_data.add()
            entry.key, entry.value = key, str(val)
    return model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [value("x")], [value("y")], [t])


# External data: valid (16 bytes at offset 16 of weights.bin), traversal, traversal through a sub-folder
# (CVE-2024-27318), an absolute path, a missing file, a range past the end, an injected key (CVE-2026-34445),
# and a location 'link.bin' that the tests turn into a symbolic link leaving the folder.
ext = HERE / "external"
ext.mkdir(exist_ok=True)
(ext / "weights.bin").write_bytes(b"\0" * 16 + np.array([1, 2, 3, 4], dtype=np.float32).tobytes())
save(external("weights.bin", 16, 16), "external/model.onnx")
save(external("../../../../etc/passwd"), "external_traversal.onnx")
save(external("sub/../../secret.bin"), "external_traversal_sub.onnx")
save(external("/etc/passwd"), "external_absolute.onnx")
save(external("missing.bin"), "external_missing.onnx")
save(external("weights.bin", 16, 64), "external_past_end.onnx")
save(external("weights.bin", 16, 16, extra=[("__class__", "x")]), "external_injected_key.onnx")
save(external("link.bin", 0, 16), "external_symlink.onnx")
# checksum: SHA-1 of the whole external file (checked with --deep).
import hashlib  # noqa: E402

good = hashlib.sha1((ext / "weights.bin").read_bytes()).hexdigest()
save(external("weights.bin", 16, 16, extra=[("checksum", good)]), "external_checksum.onnx")
save(external("weights.bin", 16, 16, extra=[("checksum", "0" * 40)]), "external_bad_checksum.onnx")


# Typed data fields that do not fit: 3 floats for 4 elements, float_data for an INT64 tensor, two data fields.
def with_initializer(tensor, name):
    save(model([helper.make_node("Identity", ["w"], ["y"], name="id")], [], [value("y")], [tensor]), name)


with_initializer(TensorProto(name="w", data_type=FLOAT, dims=[2, 2], float_data=[1, 2, 3]), "typed_count_mismatch.onnx")
with_initializer(TensorProto(name="w", data_type=TensorProto.INT64, dims=[1], float_data=[1]), "typed_wrong_field.onnx")
with_initializer(TensorProto(name="w", data_type=FLOAT, dims=[1], float_data=[1], raw_data=b"\0" * 4), "two_data_fields.onnx")
with_initializer(TensorProto(name="w", data_type=TensorProto.FLOAT16, dims=[2], int32_data=[0x7E00, 0x3C00]), "float16_nan_typed.onnx")
