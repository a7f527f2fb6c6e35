"""A stdlib-only peer for the scan benchmark, doing what picklescan does (run with any python3):
open each file, for zips read every .pkl member, walk the pickle opcodes with pickletools.genops and collect
GLOBAL / STACK_GLOBAL imports. No payload bytes are loaded or executed. Prints one JSON line per file with the
time taken, then the total.

    python3 picklescan_style_peer.py FILE...
"""
import io
import json
import pickletools
import sys
import time
import zipfile


def globals_in(data):
    found = set()
    strings = []
    try:
        for opcode, arg, _ in pickletools.genops(io.BytesIO(data)):
            if opcode.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE", "BINUNICODE8"):
                strings.append(arg)
            elif opcode.name == "GLOBAL":
                found.add(arg.replace(" ", "."))
            elif opcode.name == "STACK_GLOBAL" and len(strings) >= 2:
                found.add(f"{strings[-2]}.{strings[-1]}")
    except Exception:  # noqa: BLE001 - a peer reports, like picklescan, and moves on
        found.add("<parse error>")
    return found


def scan(path):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            result = set()
            for name in archive.namelist():
                if name.endswith(".pkl"):
                    result |= globals_in(archive.read(name))
            return result
    with open(path, "rb") as f:
        return globals_in(f.read())


def main():
    start = time.perf_counter()
    for path in sys.argv[1:]:
        t = time.perf_counter()
        found = scan(path)
        print(json.dumps({"file": path, "seconds": time.perf_counter() - t, "globals": len(found)}))
    print(json.dumps({"total_seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main()
