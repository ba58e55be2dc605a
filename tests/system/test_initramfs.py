"""The initramfs from the boot loader is unpacked into the root tmpfs.

Builds a tree on the host (directories, text and binary files, an empty
file, a large file, symlinks, hard links), archives it with the host's
`cpio -o -H newc` (once plain, once through gzip), boots with it, and has
the kernel check every entry against a manifest packed in the archive
(ktest initramfs_boot_tree: modes, sizes, CRC32 of contents, link
targets, shared inodes)."""
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402


def build_tree(top):
    rnd = random.Random(1234)
    manifest = []

    def mkdir(path, mode):
        os.makedirs(os.path.join(top, path), exist_ok=True)
        os.chmod(os.path.join(top, path), mode)
        manifest.append(f"d /{path} {mode:o}")

    def mkfile(path, data, mode=0o644):
        full = os.path.join(top, path)
        with open(full, "wb") as f:
            f.write(data)
        os.chmod(full, mode)
        manifest.append(f"f /{path} {mode:o} {len(data)} "
                        f"{zlib.crc32(data) & 0xffffffff:x}")

    def symlink(path, target):
        os.symlink(target, os.path.join(top, path))
        manifest.append(f"l /{path} {target}")

    mkdir("etc", 0o755)
    mkdir("bin", 0o755)
    mkdir("usr", 0o755)
    mkdir("usr/share", 0o755)
    mkdir("usr/share/deep", 0o700)
    mkdir("usr/share/deep/er", 0o750)
    mkdir("umka-test", 0o755)
    mkfile("etc/hostname", b"umka\n")
    mkfile("etc/empty", b"")
    mkfile("etc/motd", b"Welcome to UmkaOS\n" * 100, 0o600)
    mkfile("bin/tool", bytes(rnd.randrange(256) for _ in range(5000)), 0o755)
    big = b"".join(rnd.choice([b"alpha ", b"beta ", b"gamma\n"]) +
                   bytes([rnd.randrange(256)]) for _ in range(60000))
    mkfile("usr/share/deep/er/big", big)
    mkfile("usr/share/deep/er/setuid", b"#!/bin/sh\n", 0o4755)
    symlink("bin/sh", "tool")
    symlink("etc/abs", "/etc/hostname")
    symlink("usr/share/up", "../../etc")
    symlink("dangling", "does/not/exist")
    os.link(os.path.join(top, "bin/tool"), os.path.join(top, "bin/tool2"))
    os.link(os.path.join(top, "bin/tool"), os.path.join(top, "usr/tool3"))
    manifest.append("h /bin/tool /bin/tool2")
    manifest.append("h /bin/tool /usr/tool3")
    with open(os.path.join(top, "umka-test/manifest"), "w") as f:
        f.write("\n".join(manifest))
    return len(manifest)


def make_archive(top, out, gz):
    files = subprocess.run("find . | LC_ALL=C sort", shell=True, cwd=top,
                           capture_output=True, check=True).stdout
    data = subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"],
                          input=files, cwd=top, capture_output=True,
                          check=True).stdout
    if gz:
        data = subprocess.run(["gzip", "-9", "-n"], input=data,
                              capture_output=True, check=True).stdout
    with open(out, "wb") as f:
        f.write(data)


def run(root, record):
    tmp = tempfile.mkdtemp(prefix="umka-initramfs-")
    try:
        top = os.path.join(tmp, "tree")
        os.mkdir(top)
        n = build_tree(top)
        for gz in (True, False):
            name = "gzip" if gz else "plain"
            img = os.path.join(tmp, f"initrd-{name}.img")
            make_archive(top, img, gz)
            r = qemu.run_captured(
                kernel=os.path.join(root, "build/umka"), smp=2, initrd=img,
                timeout=90,
                cmdline="console=ttyS0 umka.ktest=initramfs_boot_tree")
            text = r.text()
            ok = (r.status == 0 and
                  "PASS ktest/initramfs_boot_tree" in text and
                  f"initramfs-check: verified {n} entries" in text and
                  "initramfs: unpacked" in text and
                  " 0 errors" in text)
            record(f"system/initramfs/{name}", ok, r.tail())
    finally:
        shutil.rmtree(tmp)
