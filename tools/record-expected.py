#!/usr/bin/env python3
"""`make expected`: record what the busybox test scripts print on Linux.

Boots Debian's kernel (linux-image-amd64: the newest /boot/vmlinuz-*,
installed when there is none, as `make bench` does) in the same QEMU
machine and with the same initramfs that tests/system/test_busybox.py
boots UmkaOS with, adding "umka.record" to the command line.  In that
mode the guest's /test/run prints each script's output (base64, so the
console changes no byte) instead of comparing it; this writes the
outputs to tests/busybox/expected/<name>.out, which are committed.
"""
import base64
import importlib.util
import os
import re
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TOOLS)
sys.path.insert(0, TOOLS)
import qemu  # noqa: E402

TESTS = os.path.join(ROOT, "tests", "busybox")


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    bench = load("umka_bench_tool", os.path.join(TOOLS, "bench.py"))
    busybox_test = load("umka_test_busybox", os.path.join(
        ROOT, "tests", "system", "test_busybox.py"))
    linux = bench.ensure_linux()
    if not linux:
        sys.exit("expected: no Linux kernel (/boot/vmlinuz-*) and "
                 "linux-image-amd64 did not install one")
    img = os.path.join(ROOT, "build", "test-busybox-linux.cpio.gz")
    busybox_test.build_initramfs(ROOT, img)
    print(f"expected: booting {linux}", flush=True)
    r = qemu.run_captured(kernel=linux, smp=2, initrd=img,
                          cmdline="console=ttyS0 quiet umka.record",
                          stop_on=r"UMKA-TEST-DONE", timeout=900)
    if r.timed_out:
        sys.exit("expected: Linux did not finish in time; last lines:\n" +
                 r.tail(30))
    outputs, name, chunks = {}, None, []
    for line in r.lines:
        m = re.match(r"RECORD-(BEGIN|END) (\S+)$", line.strip())
        if m and m.group(1) == "BEGIN":
            name, chunks = m.group(2), []
        elif m and name == m.group(2):
            outputs[name] = base64.b64decode("".join(chunks), validate=True)
            name = None
        elif name:
            chunks.append(line.strip())
    scripts = sorted(os.path.splitext(os.path.basename(p))[0]
                     for p in os.listdir(TESTS) if re.match(r"t_.*\.sh$", p))
    missing = [s for s in scripts if s not in outputs]
    if missing:
        sys.exit(f"expected: no output recorded for {missing}; last lines:\n"
                 + r.tail(30))
    os.makedirs(os.path.join(TESTS, "expected"), exist_ok=True)
    for s in scripts:
        with open(os.path.join(TESTS, "expected", s + ".out"), "wb") as f:
            f.write(outputs[s])
        print(f"{s}: {len(outputs[s])} bytes")


main()
