#!/usr/bin/env python3
"""Make the driver files the kernel must refuse, from a good one.

  mk-bad-drivers.py --elf kabitest.elf --key K --out DIR

writes DIR/unsigned.ko (no signature), DIR/tampered.ko (signed, then one
byte of the code changed), DIR/wrongkey.ko (signed by a key the kernel
does not know), DIR/badsig.ko (the signature's last byte changed) and
DIR/malformed.ko (an ELF for another machine, correctly signed, so only
the ELF check can refuse it).
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIGN = [sys.executable, os.path.join(ROOT, "tools", "sign.py")]


def sign(key, src, dst):
    subprocess.run(SIGN + ["sign", "--key", key, src, "-o", dst], check=True,
                   stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--elf", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    elf = open(a.elf, "rb").read()
    out = lambda n: os.path.join(a.out, n)  # noqa: E731

    open(out("unsigned.ko"), "wb").write(elf)

    sign(a.key, a.elf, out("tampered.ko"))
    data = bytearray(open(out("tampered.ko"), "rb").read())
    data[0x1000 + 16] ^= 0x01          # inside .text
    open(out("tampered.ko"), "wb").write(data)

    sign(a.key, a.elf, out("badsig.ko"))
    data = bytearray(open(out("badsig.ko"), "rb").read())
    data[-1] ^= 0x80
    open(out("badsig.ko"), "wb").write(data)

    with tempfile.TemporaryDirectory() as tmp:
        other = os.path.join(tmp, "other.key")
        subprocess.run(SIGN + ["keygen", "--key", other], check=True,
                       stdout=subprocess.DEVNULL)
        sign(other, a.elf, out("wrongkey.ko"))

        bad = bytearray(elf)
        struct.pack_into("<H", bad, 18, 183)     # e_machine = AArch64
        plain = os.path.join(tmp, "malformed.elf")
        open(plain, "wb").write(bad)
        sign(a.key, plain, out("malformed.ko"))


if __name__ == "__main__":
    main()
