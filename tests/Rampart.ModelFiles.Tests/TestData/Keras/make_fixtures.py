"""Builds the Keras fixtures of Rampart's model file tests.

Run with a Python that has h5py and numpy (``/usr/bin/python3 make_fixtures.py``) from this folder. TensorFlow and
Keras are not needed: the configurations are written by hand in the shapes Keras 2 (tf.keras) and Keras 3 save.
Nothing here is executed at scan time; the Lambda bytecode is ``marshal.dumps`` of a harmless ``lambda x: x * 2``.
"""

import base64
import codecs
import json
import marshal
import struct

import h5py
import numpy as np


def lambda_code():
    # What Keras 2's generic_utils.func_dump writes: base64 (with newlines) of marshal.dumps(code).
    return codecs.encode(marshal.dumps((lambda x: x * 2).__code__), "base64").decode("ascii")


def keras2_dense(name, units, activation="relu"):
    return {
        "class_name": "Dense",
        "config": {
            "name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
            "use_bias": True,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
            "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": None, "bias_constraint": None,
        },
    }


def keras2_sequential(layers):
    return {
        "class_name": "Sequential",
        "config": {
            "name": "sequential",
            "layers": [{"class_name": "InputLayer", "config": {
                "batch_input_shape": [None, 4], "dtype": "float32", "sparse": False, "ragged": False,
                "name": "dense_input"}}] + layers,
        },
    }


def keras2_lambda(name):
    return {
        "class_name": "Lambda",
        "config": {
            "name": name, "trainable": True, "dtype": "float32",
            "function": [lambda_code(), None, None], "function_type": "lambda", "module": "__main__",
            "output_shape": None, "output_shape_type": "raw", "output_shape_module": None, "arguments": {},
        },
    }


TRAINING_CONFIG = {
    "loss": "categorical_crossentropy",
    "metrics": [[{"class_name": "MeanMetricWrapper", "config": {"name": "accuracy", "dtype": "float32",
                                                               "fn": "categorical_accuracy"}}]],
    "weighted_metrics": None, "loss_weights": None,
    "optimizer_config": {"class_name": "Adam", "config": {
        "name": "Adam", "learning_rate": 0.001, "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07,
        "amsgrad": False}},
}


def write_keras2_h5(path, config, as_str=False, libver=None, userblock=0, extra_attrs=0):
    kwargs = {}
    if libver:
        kwargs["libver"] = libver
    if userblock:
        kwargs["userblock_size"] = userblock
    with h5py.File(path, "w", **kwargs) as f:
        text = json.dumps(config)
        # Keras 2 writes json.dumps(...).encode('utf8'): h5py stores Python bytes as a variable-length string.
        # np.bytes_ gives a fixed-length string; str gives a variable-length UTF-8 string.
        f.attrs["backend"] = "tensorflow"
        f.attrs["keras_version"] = "2.13.1"
        f.attrs["model_config"] = text if as_str else np.bytes_(text.encode("utf8"))
        f.attrs["training_config"] = json.dumps(TRAINING_CONFIG).encode("utf8")
        for i in range(extra_attrs):
            f.attrs[f"note_{i}"] = i
        weights = f.create_group("model_weights")
        weights.attrs["layer_names"] = np.array([b"dense"])
        dense = weights.create_group("dense").create_group("dense")
        dense.create_dataset("kernel:0", data=np.zeros((4, 2), dtype="float32"))
        dense.create_dataset("bias:0", data=np.zeros((2,), dtype="float32"))


def write_weights_only(path):
    # Keras 2 save_weights(): root attributes layer_names/backend/keras_version, one group per layer.
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = "tensorflow"
        f.attrs["keras_version"] = "2.13.1"
        f.attrs["layer_names"] = np.array([b"dense"])
        group = f.create_group("dense")
        group.attrs["weight_names"] = np.array([b"dense/kernel:0", b"dense/bias:0"])
        group.create_dataset("dense/kernel:0", data=np.zeros((4, 2), dtype="float32"))


def write_keras3_weights(path):
    # Keras 3 model.weights.h5 inside a .keras archive: groups only, no root attributes.
    with h5py.File(path, "w") as f:
        f.create_group("layers").create_group("dense").create_group("vars").create_dataset(
            "0", data=np.zeros((4, 2), dtype="float32"))
        f.create_group("optimizer").create_group("vars")


def keras3_object(module, class_name, config, registered_name=None, **extra):
    obj = {"module": module, "class_name": class_name, "config": config, "registered_name": registered_name}
    obj.update(extra)
    return obj


def keras3_dense(name, units):
    return keras3_object("keras.layers", "Dense", {
        "name": name, "trainable": True,
        "dtype": keras3_object("keras", "DTypePolicy", {"name": "float32"}),
        "units": units, "activation": "relu", "use_bias": True,
        "kernel_initializer": keras3_object("keras.initializers", "GlorotUniform", {"seed": None}),
        "bias_initializer": keras3_object("keras.initializers", "Zeros", {}),
        "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None,
    }, build_config={"input_shape": [None, 4]})


def keras3_sequential(layers, compile_config=None):
    extra = {"build_config": {"input_shape": [None, 4]}}
    if compile_config:
        extra["compile_config"] = compile_config
    return keras3_object("keras", "Sequential", {
        "name": "sequential", "trainable": True,
        "dtype": keras3_object("keras", "DTypePolicy", {"name": "float32"}),
        "layers": [keras3_object("keras.layers", "InputLayer", {
            "batch_shape": [None, 4], "dtype": "float32", "sparse": False, "name": "input_layer"})] + layers,
        "build_input_shape": [None, 4],
    }, **extra)


KERAS3_COMPILE = {
    "optimizer": keras3_object("keras.optimizers", "Adam", {
        "name": "adam", "learning_rate": 0.001, "weight_decay": None, "clipnorm": None, "global_clipnorm": None,
        "clipvalue": None, "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None,
        "loss_scale_factor": None, "gradient_accumulation_steps": None, "beta_1": 0.9, "beta_2": 0.999,
        "epsilon": 1e-07, "amsgrad": False}),
    "loss": "mean_squared_error", "loss_weights": None, "metrics": ["mae"], "weighted_metrics": None,
    "run_eagerly": False, "steps_per_execution": 1, "jit_compile": False,
}


def keras3_lambda(name):
    return keras3_object("keras.layers", "Lambda", {
        "name": name, "trainable": True,
        "dtype": keras3_object("keras", "DTypePolicy", {"name": "float32"}),
        "function": {"class_name": "__lambda__", "config": {"code": lambda_code(), "defaults": None,
                                                            "closure": None}},
        "arguments": {},
    })


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1)


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
    return varint((number << 3) | 2) + varint(len(payload)) + payload


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def saved_object(node_id, path, identifier, metadata):
    # SavedObject { version = 1; node_id = 2; node_path = 3; identifier = 4; metadata = 5 }
    version = field_varint(1, 1) + field_varint(2, 1)
    return (field_bytes(1, version) + field_varint(2, node_id) + field_bytes(3, path.encode()) +
            field_bytes(4, identifier.encode()) + field_bytes(5, json.dumps(metadata).encode()))


def layer_metadata(layer):
    meta = {"name": layer["config"]["name"], "trainable": True, "expects_training_arg": False,
            "dtype": "float32", "batch_input_shape": None, "stateful": False, "must_restore_from_config": False,
            "class_name": layer["class_name"], "config": layer["config"]}
    return meta


def write_keras_metadata(path, layers):
    model = keras2_sequential(layers)
    nodes = [saved_object(0, "root", "_tf_keras_sequential", {
        "name": "sequential", "trainable": True, "expects_training_arg": True, "dtype": "float32",
        "batch_input_shape": None, "must_restore_from_config": False, "class_name": "Sequential",
        "config": model["config"], "is_graph_network": True, "save_spec": None,
        "keras_version": "2.13.1", "backend": "tensorflow", "model_config": model})]
    for index, layer in enumerate(layers, start=1):
        nodes.append(saved_object(index, f"root.layer_with_weights-{index - 1}", "_tf_keras_layer",
                                  layer_metadata(layer)))
    with open(path, "wb") as f:
        f.write(b"".join(field_bytes(1, node) for node in nodes))


def main():
    write_keras2_h5("sequential_dense.h5", keras2_sequential([keras2_dense("dense", 2)]))
    write_keras2_h5("sequential_vlen_str.h5", keras2_sequential([keras2_dense("dense", 2)]), as_str=True)
    write_keras2_h5("sequential_latest.h5", keras2_sequential([keras2_dense("dense", 2)]), libver="latest")
    write_keras2_h5("sequential_userblock.h5", keras2_sequential([keras2_dense("dense", 2)]), userblock=512)
    write_keras2_h5("lambda_bytecode.h5", keras2_sequential([keras2_dense("dense", 4), keras2_lambda("double")]))
    write_keras2_h5("lambda_bytecode_latest.h5", keras2_sequential([keras2_lambda("double")]), libver="latest")
    # libver='latest' and more than 8 attributes: HDF5 moves the attributes to dense storage (fractal heap).
    write_keras2_h5("dense_attributes.h5", keras2_sequential([keras2_dense("dense", 2)]), libver="latest",
                    extra_attrs=12)
    write_weights_only("weights_only.h5")
    write_keras3_weights("model.weights.h5")

    write_json("keras3_sequential_config.json",
               keras3_sequential([keras3_dense("dense", 2)], compile_config=KERAS3_COMPILE))
    write_json("keras3_lambda_config.json", keras3_sequential([keras3_lambda("double")]))
    # CVE-2025-1550: a module outside Keras and a function in it.
    write_json("keras3_external_module_config.json", keras3_sequential([keras3_object(
        "keras.layers", "Dense", {"name": "dense", "units": 2,
                                  "activation": keras3_object("subprocess", "function", "getoutput",
                                                              registered_name="function")})]))
    # CVE-2025-9906: keras.config.enable_unsafe_deserialization called through a Lambda's function.
    write_json("keras3_enable_unsafe_config.json", keras3_sequential([keras3_object("keras.layers", "Lambda", {
        "name": "unlock", "arguments": {},
        "function": keras3_object("keras.config", "function", "enable_unsafe_deserialization",
                                  registered_name="function")})]))
    # CVE-2025-8747: keras.utils.get_file as a layer's activation.
    write_json("keras3_get_file_config.json", keras3_sequential([keras3_object("keras.layers", "Dense", {
        "name": "download", "units": 2,
        "activation": keras3_object("keras.utils", "function", "get_file", registered_name="function")})]))
    # CVE-2025-49655: TorchModuleWrapper carries a torch.save() payload (here just a few marker bytes).
    write_json("keras3_torch_wrapper_config.json", keras3_sequential([keras3_object(
        "keras.layers", "TorchModuleWrapper", {"name": "torch_module", "trainable": True,
                                               "module": base64.b64encode(b"\x80\x02ctorch\nnn\n.").decode()})]))
    write_json("keras3_custom_layer_config.json", keras3_sequential([keras3_object(
        "my_project.layers", "MyLayer", {"name": "mine", "units": 2}, registered_name="MyProject>MyLayer")]))

    write_keras_metadata("keras_metadata_dense.pb", [keras2_dense("dense", 2)])
    write_keras_metadata("keras_metadata_lambda.pb", [keras2_dense("dense", 2), keras2_lambda("double")])


if __name__ == "__main__":
    main()
