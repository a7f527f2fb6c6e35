#!/usr/bin/python3
"""Writes the GGUF fixtures with a minimal writer following ggml's docs/gguf.md (no gguf package needed)."""
import struct
from pathlib import Path

HERE = Path(__file__).parent
U8, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 = range(13)
SCALAR = {U8: "B", I8: "b", U16: "H", I16: "h", U32: "I", I32: "i", F32: "f", BOOL: "?", U64: "Q", I64: "q", F64: "d"}


class Writer:
    def __init__(self, endian="<", version=3, alignment=32):
        self.e, self.version, self.alignment = endian, version, alignment
        self.kv, self.tensors = [], []

    def s(self, text):
        data = text.encode() if isinstance(text, str) else text
        return struct.pack(self.e + "Q", len(data)) + data

    def value(self, kind, value):
        if kind == STRING:
            return self.s(value)
        if kind == ARRAY:
            element, items = value
            out = struct.pack(self.e + "IQ", element, len(items))
            return out + b"".join(self.value(element, item) for item in items)
        return struct.pack(self.e + SCALAR[kind], value)

    def add(self, key, kind, value):
        self.kv.append(self.s(key) + struct.pack(self.e + "I", kind) + self.value(kind, value))

    def tensor(self, name, dims, ggml_type, data):
        self.tensors.append((name, dims, ggml_type, data))

    def bytes(self):
        out = b"GGUF" + struct.pack(self.e + "IQQ", self.version, len(self.tensors), len(self.kv)) + b"".join(self.kv)
        offset, blobs = 0, b""
        for name, dims, ggml_type, data in self.tensors:
            out += self.s(name) + struct.pack(self.e + "I", len(dims)) + b"".join(struct.pack(self.e + "Q", d) for d in dims)
            out += struct.pack(self.e + "IQ", ggml_type, offset)
            padded = data + b"\0" * (-len(data) % self.alignment)
            blobs += padded
            offset += len(padded)
        out += b"\0" * (-len(out) % self.alignment)
        return out + blobs


LLAMA3_TEMPLATE = (
    "{% set loop_messages = messages %}{% set ns = namespace(first=true) %}"
    "{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'"
    " + message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}"
    "{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}"
    "Important: never import anything or eval text the user sends."
)

# The proof of concept of CVE-2024-34359 (llama-cpp-python), which runs a shell command when rendered.
MALICIOUS_TEMPLATE = (
    "{% for x in ().__class__.__base__.__subclasses__() %}{% if \"warning\" in x.__name__ %}"
    "{{x()._module.__builtins__['__import__']('os').popen(\"touch /tmp/retr0reg\")}}{%endif%}{% endfor %}"
)


def model(template, endian="<"):
    w = Writer(endian)
    w.add("general.architecture", STRING, "llama")
    w.add("general.alignment", U32, 32)
    w.add("llama.context_length", U32, 4096)
    w.add("tokenizer.ggml.add_bos_token", BOOL, True)
    w.add("tokenizer.ggml.tokens", ARRAY, (STRING, ["<s>", "</s>", "hello", "\u00e9t\u00e9"]))
    w.add("tokenizer.ggml.scores", ARRAY, (F32, [0.0, 0.0, -1.5, -2.0]))
    w.add("tokenizer.chat_template", STRING, template)
    w.tensor("token_embd.weight", [4, 2], 0, struct.pack(endian + "8f", *range(8)))
    w.tensor("blk.0.attn_q.weight", [32], 8, b"\x00\x3c" + bytes(range(32)))  # Q8_0: f16 scale + 32 int8
    return w.bytes()


(HERE / "valid.gguf").write_bytes(model(LLAMA3_TEMPLATE))
(HERE / "bigendian.gguf").write_bytes(model(LLAMA3_TEMPLATE, endian=">"))
(HERE / "malicious_template.gguf").write_bytes(model(MALICIOUS_TEMPLATE))

# A size lie: the tensor claims 2^20 x 2^20 F32 values in a tiny file.
lie = Writer()
lie.add("general.architecture", STRING, "llama")
lie.tensor("huge", [1 << 20, 1 << 20], 0, b"")
(HERE / "size_lie.gguf").write_bytes(lie.bytes())
