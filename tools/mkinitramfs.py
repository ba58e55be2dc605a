#!/usr/bin/env python3
"""Build the initramfs: Debian's unmodified /bin/busybox (busybox-static),
its applet links, a small /init, and optional extra files.

    mkinitramfs.py -o build/initramfs.cpio.gz [--init user/init.sh]
                   [--add SRC:DEST ...]

Writes a gzip-compressed cpio "newc" archive directly, so only Python is
needed.  The busybox binary is copied byte for byte.
"""
import argparse
import gzip
import os
import stat
import subprocess

BUSYBOX = "/bin/busybox"


class Cpio:
    def __init__(self):
        self.out = bytearray()
        self.ino = 1000
        self.seen = set()

    def _entry(self, name, mode, data=b"", nlink=1):
        self.ino += 1
        namez = name.encode() + b"\0"
        hdr = "070701" + "".join(f"{v:08x}" for v in (
            self.ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0,
            len(namez), 0))
        self.out += hdr.encode() + namez
        self.out += b"\0" * (-len(self.out) % 4)
        self.out += data
        self.out += b"\0" * (-len(self.out) % 4)

    def dir(self, path, mode=0o755):
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            p = "/".join(parts[:i])
            if p and p not in self.seen:
                self.seen.add(p)
                self._entry(p, stat.S_IFDIR | mode, nlink=2)

    def file(self, path, data, mode=0o644):
        self.dir(os.path.dirname(path.strip("/")))
        self._entry(path.strip("/"), stat.S_IFREG | mode, data)

    def symlink(self, path, target):
        self.dir(os.path.dirname(path.strip("/")))
        self._entry(path.strip("/"), stat.S_IFLNK | 0o777, target.encode())

    def node(self, path, kind, major, minor, mode=0o666):
        self.dir(os.path.dirname(path.strip("/")))
        self.ino += 1
        namez = path.strip("/").encode() + b"\0"
        hdr = "070701" + "".join(f"{v:08x}" for v in (
            self.ino, kind | mode, 0, 0, 1, 0, 0, 0, 0, major, minor,
            len(namez), 0))
        self.out += hdr.encode() + namez
        self.out += b"\0" * (-len(self.out) % 4)

    def finish(self):
        self._entry("TRAILER!!!", 0, nlink=1)
        self.out += b"\0" * (-len(self.out) % 512)
        return bytes(self.out)


def applets():
    out = subprocess.run([BUSYBOX, "--list-full"], capture_output=True,
                         text=True, check=True).stdout
    return [a for a in out.split() if a and a != "bin/busybox"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--init", default="user/init.sh")
    ap.add_argument("--add", action="append", default=[],
                    help="SRC:DEST, a host file to copy in")
    a = ap.parse_args()
    c = Cpio()
    for d in ("bin", "sbin", "usr/bin", "usr/sbin", "dev", "proc", "sys",
              "tmp", "root", "etc", "mnt", "var", "run", "lib"):
        c.dir(d, 0o1777 if d == "tmp" else 0o755)
    c.node("dev/console", stat.S_IFCHR, 5, 1, 0o600)
    c.node("dev/null", stat.S_IFCHR, 1, 3)
    c.file("bin/busybox", open(BUSYBOX, "rb").read(), 0o755)
    added = {spec.split(":", 1)[1] for spec in a.add}
    for ap_path in applets():
        if ap_path in added:
            continue  # a real program of that name was added: it wins
        c.symlink(ap_path, os.path.relpath("bin/busybox",
                                           os.path.dirname(ap_path)))
    c.file("init", open(a.init, "rb").read(), 0o755)
    c.file("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n")
    c.file("etc/group", b"root:x:0:\n")
    c.file("etc/hostname", b"umka\n")
    for spec in a.add:
        src, dest = spec.split(":", 1)
        mode = 0o755 if os.access(src, os.X_OK) else 0o644
        c.file(dest, open(src, "rb").read(), mode)
    data = gzip.compress(c.finish(), compresslevel=6, mtime=0)
    os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
    with open(a.output, "wb") as f:
        f.write(data)


main()
