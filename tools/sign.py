#!/usr/bin/env python3
"""Sign and verify KABI driver files with Ed25519.

The cryptography is the kernel's own (lib/crypto/), compiled for the host
as a shared library on first use and called through ctypes, so the tool
and the kernel cannot disagree about what a valid signature is and
nothing outside the Python standard library is needed.

Commands:
  keygen  [--key K] [--force]      make a development key pair (K, K.pub)
  sign    --key K FILE [-o OUT] [--detached]
  verify  --pub P FILE [--sig SIG]
  strip   FILE [-o OUT]            remove an appended signature
  info    FILE                     print the signature trailer
  pubkey  --key K | --pub P        print the public key in hex
  c-header --pub P [-o OUT] [--name NAME]
                                   the public key as a C array for the kernel

Signature format (docs/kabi.md, "Signing"): a 128-byte trailer, appended
to the file or written alone to FILE.sig with --detached.  All integers
are little-endian.

  offset size
     0    16  magic "UMKAOS-SIGNATURE"
    16     4  format version, 1
    20     4  algorithm, 1 = Ed25519 (pure, RFC 8032)
    24     8  payload length: the bytes that precede the trailer
    32    32  the signer's public key (a hint: the kernel accepts only
              keys it was built with)
    64    64  Ed25519 signature of payload || trailer[0:64]

Signing the first half of the trailer with the payload binds the length,
version, algorithm and key to the signature; for an appended signature
the signed bytes are simply the whole file but its last 64.
"""
import argparse
import ctypes
import os
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRYPTO_SRC = ["lib/crypto/sha512.c", "lib/crypto/fe25519.c",
              "lib/crypto/sc25519.c", "lib/crypto/ge25519.c",
              "lib/crypto/ed25519.c"]
CRYPTO_HDR = ["include/umka/crypto/sha512.h", "include/umka/crypto/ed25519.h",
              "include/umka/types.h", "include/umka/string.h",
              "lib/crypto/fe25519.h", "lib/crypto/sc25519.h",
              "lib/crypto/ge25519.h", "lib/crypto/wipe.h"]
DEFAULT_LIB = os.path.join(ROOT, "build", "tools", "libumka-crypto.so")
DEFAULT_KEY = os.path.join(ROOT, "build", "keys", "kabi-dev.key")

MAGIC = b"UMKAOS-SIGNATURE"
FORMAT_VERSION = 1
ALG_ED25519 = 1
HEADER = struct.Struct("<16sIIQ32s")     # the signed half of the trailer
TRAILER_SIZE = 128
SIG_SIZE = 64

SECRET_BANNER = "UmkaOS KABI signing key (Ed25519 seed); keep it secret"
PUBLIC_BANNER = "UmkaOS KABI public key (Ed25519)"

# ed25519_verify()'s results (include/umka/crypto/ed25519.h).
VERIFY_REASONS = {
    -1: "the public key is not a valid Ed25519 key",
    -2: "the signature is malformed (S is not below the group order)",
    -3: "the signature does not match the file and key",
}


class SignError(Exception):
    pass


def _newest_mtime(paths):
    return max(os.path.getmtime(os.path.join(ROOT, p)) for p in paths)


def build_library(lib=DEFAULT_LIB):
    """Compile lib/crypto for the host unless an up-to-date copy exists.

    The library is built to a temporary name and renamed, so parallel
    make jobs that race here each see either no library or a whole one.
    """
    if os.path.exists(lib) and \
            os.path.getmtime(lib) >= _newest_mtime(CRYPTO_SRC + CRYPTO_HDR):
        return lib
    os.makedirs(os.path.dirname(lib), exist_ok=True)
    cc = os.environ.get("HOSTCC", "gcc")
    fd, tmp = tempfile.mkstemp(prefix=".libumka-crypto.", suffix=".so",
                               dir=os.path.dirname(lib))
    os.close(fd)
    cmd = [cc, "-std=gnu11", "-O2", "-shared", "-fPIC", "-Wall", "-Wextra",
           "-Werror", "-Wno-unused-parameter", "-I" + os.path.join(ROOT,
                                                                    "include"),
           "-o", tmp] + [os.path.join(ROOT, s) for s in CRYPTO_SRC]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        os.unlink(tmp)
        raise SignError(f"building {lib} failed:\n{p.stderr}")
    os.replace(tmp, lib)
    return lib


class Crypto:
    """ctypes binding of include/umka/crypto/ed25519.h."""

    def __init__(self, lib=None):
        self.lib = ctypes.CDLL(build_library(lib or DEFAULT_LIB))
        u8p = ctypes.c_char_p
        self.lib.ed25519_public_key.argtypes = [u8p, u8p]
        self.lib.ed25519_public_key.restype = None
        self.lib.ed25519_sign.argtypes = [u8p, u8p, ctypes.c_size_t, u8p]
        self.lib.ed25519_sign.restype = None
        self.lib.ed25519_verify.argtypes = [u8p, u8p, ctypes.c_size_t, u8p]
        self.lib.ed25519_verify.restype = ctypes.c_int

    def public_key(self, seed):
        assert len(seed) == 32
        out = ctypes.create_string_buffer(32)
        self.lib.ed25519_public_key(out, seed)
        return out.raw

    def sign(self, seed, msg):
        assert len(seed) == 32
        out = ctypes.create_string_buffer(64)
        self.lib.ed25519_sign(out, msg, len(msg), seed)
        return out.raw

    def verify(self, sig, msg, pub):
        """0 for a good signature, else a negative ed25519_status."""
        assert len(sig) == 64 and len(pub) == 32
        return self.lib.ed25519_verify(sig, msg, len(msg), pub)


# Key files: a banner line, then the 32 bytes in hex.

def write_key_file(path, banner, key, secret):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                 0o600 if secret else 0o644)
    with os.fdopen(fd, "w") as f:
        f.write(f"{banner}\n{key.hex()}\n")
    os.replace(tmp, path)


def read_key_file(path, banner):
    try:
        with open(path) as f:
            lines = [ln.strip() for ln in f if ln.strip()]
    except OSError as e:
        raise SignError(f"{path}: {e.strerror}")
    if len(lines) != 2 or lines[0] != banner:
        raise SignError(f"{path}: not a file of kind '{banner}'")
    try:
        key = bytes.fromhex(lines[1])
    except ValueError:
        key = b""
    if len(key) != 32:
        raise SignError(f"{path}: the key is not 32 bytes of hex")
    return key


def pub_path(key_path):
    return key_path + ".pub"


def keygen(crypto, key_path, force=False):
    """Make a key pair unless one exists; returns (created, public key)."""
    if os.path.exists(key_path) and not force:
        seed = read_key_file(key_path, SECRET_BANNER)
        pub = crypto.public_key(seed)
        if not os.path.exists(pub_path(key_path)):
            write_key_file(pub_path(key_path), PUBLIC_BANNER, pub, False)
        return False, pub
    seed = os.urandom(32)
    pub = crypto.public_key(seed)
    write_key_file(key_path, SECRET_BANNER, seed, True)
    write_key_file(pub_path(key_path), PUBLIC_BANNER, pub, False)
    return True, pub


# The trailer.

def make_trailer(crypto, seed, payload):
    pub = crypto.public_key(seed)
    header = HEADER.pack(MAGIC, FORMAT_VERSION, ALG_ED25519, len(payload),
                         pub)
    return header + crypto.sign(seed, payload + header)


def split_signed(data):
    """(payload, trailer) of a file with an appended signature, or None."""
    if len(data) < TRAILER_SIZE:
        return None
    trailer = data[-TRAILER_SIZE:]
    if trailer[:16] != MAGIC:
        return None
    return data[:-TRAILER_SIZE], trailer


def parse_trailer(trailer):
    magic, version, alg, length, pub = HEADER.unpack(trailer[:HEADER.size])
    return {"magic": magic, "version": version, "algorithm": alg,
            "payload_len": length, "key": pub, "signature": trailer[64:]}


def check(crypto, payload, trailer, trusted_pub):
    """Raise SignError saying why unless trailer signs payload with key."""
    if len(trailer) != TRAILER_SIZE or trailer[:16] != MAGIC:
        raise SignError("no signature trailer (magic not found)")
    t = parse_trailer(trailer)
    if t["version"] != FORMAT_VERSION:
        raise SignError(f"unknown signature format version {t['version']}")
    if t["algorithm"] != ALG_ED25519:
        raise SignError(f"unknown signature algorithm {t['algorithm']}")
    if t["payload_len"] != len(payload):
        raise SignError(f"payload length {len(payload)} differs from the "
                        f"signed length {t['payload_len']}")
    if t["key"] != trusted_pub:
        raise SignError(f"signed by key {t['key'].hex()[:16]}..., not by "
                        f"the trusted key {trusted_pub.hex()[:16]}...")
    rc = crypto.verify(t["signature"], payload + trailer[:64], trusted_pub)
    if rc != 0:
        raise SignError(VERIFY_REASONS.get(rc, f"verification failed ({rc})"))


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise SignError(f"{path}: {e.strerror}")


def write(path, data):
    tmp = path + ".tmp-sign"
    with open(tmp, "wb") as f:
        f.write(data)
    try:
        os.chmod(tmp, os.stat(path).st_mode & 0o7777)
    except OSError:
        pass
    os.replace(tmp, path)


def cmd_keygen(crypto, a):
    created, pub = keygen(crypto, a.key, a.force)
    print(f"{'created' if created else 'kept existing'} {a.key} "
          f"(public key {pub.hex()})")


def cmd_sign(crypto, a):
    seed = read_key_file(a.key, SECRET_BANNER)
    data = read(a.file)
    if split_signed(data) is not None:
        if not a.force:
            raise SignError("already signed (use --force to replace the "
                            "signature)")
        data = split_signed(data)[0]
    trailer = make_trailer(crypto, seed, data)
    if a.detached:
        write(a.output or a.file + ".sig", trailer)
    else:
        write(a.output or a.file, data + trailer)


def cmd_verify(crypto, a):
    pub = read_key_file(a.pub, PUBLIC_BANNER)
    data = read(a.file)
    if a.sig:
        payload, trailer = data, read(a.sig)
    else:
        parts = split_signed(data)
        if parts is None:
            raise SignError("not signed (no signature trailer)")
        payload, trailer = parts
    check(crypto, payload, trailer, pub)
    print(f"{a.file}: good signature by {pub.hex()}")


def cmd_strip(crypto, a):
    data = read(a.file)
    parts = split_signed(data)
    if parts is None:
        raise SignError("not signed (no signature trailer)")
    write(a.output or a.file, parts[0])


def cmd_info(crypto, a):
    parts = split_signed(read(a.file))
    if parts is None:
        raise SignError("not signed (no signature trailer)")
    t = parse_trailer(parts[1])
    print(f"format version {t['version']}, algorithm {t['algorithm']} "
          f"(1 = Ed25519)\npayload {t['payload_len']} bytes "
          f"(file has {len(parts[0])})\nkey {t['key'].hex()}\n"
          f"signature {t['signature'].hex()}")


def cmd_pubkey(crypto, a):
    if a.pub:
        print(read_key_file(a.pub, PUBLIC_BANNER).hex())
    else:
        print(crypto.public_key(read_key_file(a.key, SECRET_BANNER)).hex())


def cmd_c_header(crypto, a):
    pub = read_key_file(a.pub, PUBLIC_BANNER)
    body = ",".join(("\n\t" if i % 8 == 0 else " ") + f"0x{b:02x}"
                    for i, b in enumerate(pub))
    text = ("/* Generated by tools/sign.py c-header: do not edit. */\n"
            f"/* The key KABI driver signatures must verify against. */\n"
            "#include <umka/types.h>\n\n"
            f"static const u8 {a.name}[32] = {{{body},\n}};\n")
    if a.output:
        old = None
        if os.path.exists(a.output):
            old = open(a.output).read()
        if old != text:     # keep the mtime when nothing changed
            os.makedirs(os.path.dirname(os.path.abspath(a.output)),
                        exist_ok=True)
            with open(a.output, "w") as f:
                f.write(text)
    else:
        sys.stdout.write(text)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Sign and verify KABI driver files (Ed25519).")
    ap.add_argument("--lib", help="the host crypto library to use or build "
                    f"(default {os.path.relpath(DEFAULT_LIB, ROOT)})")
    sub = ap.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("keygen", help="make a development key pair")
    p.add_argument("--key", default=DEFAULT_KEY)
    p.add_argument("--force", action="store_true",
                   help="replace an existing key")
    p.set_defaults(fn=cmd_keygen)

    p = sub.add_parser("sign", help="sign a file")
    p.add_argument("--key", default=DEFAULT_KEY)
    p.add_argument("file")
    p.add_argument("-o", "--output", help="default: FILE (or FILE.sig)")
    p.add_argument("--detached", action="store_true",
                   help="write the trailer alone to FILE.sig")
    p.add_argument("--force", action="store_true",
                   help="re-sign a file that is already signed")
    p.set_defaults(fn=cmd_sign)

    p = sub.add_parser("verify", help="check a signature")
    p.add_argument("--pub", default=pub_path(DEFAULT_KEY))
    p.add_argument("--sig", help="a detached signature")
    p.add_argument("file")
    p.set_defaults(fn=cmd_verify)

    p = sub.add_parser("strip", help="remove an appended signature")
    p.add_argument("file")
    p.add_argument("-o", "--output")
    p.set_defaults(fn=cmd_strip)

    p = sub.add_parser("info", help="show a file's signature trailer")
    p.add_argument("file")
    p.set_defaults(fn=cmd_info)

    p = sub.add_parser("pubkey", help="print a public key in hex")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--key", default=DEFAULT_KEY)
    g.add_argument("--pub")
    p.set_defaults(fn=cmd_pubkey)

    p = sub.add_parser("c-header", help="the public key as a C array")
    p.add_argument("--pub", default=pub_path(DEFAULT_KEY))
    p.add_argument("--name", default="kabi_builtin_key")
    p.add_argument("-o", "--output")
    p.set_defaults(fn=cmd_c_header)

    a = ap.parse_args(argv)
    try:
        crypto = Crypto(a.lib) if a.cmd not in ("strip", "info") else None
        a.fn(crypto, a)
    except SignError as e:
        print(f"sign.py {a.cmd}: {getattr(a, 'file', '')}"
              f"{': ' if getattr(a, 'file', '') else ''}{e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
