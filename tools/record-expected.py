#!/usr/bin/env python3
"""`make expected`: record what the busybox test scripts print on Linux.

Runs each tests/busybox/t_*.sh with Debian's /bin/busybox on the host's
Linux kernel, with only busybox applets on PATH, and writes the output to
tests/busybox/expected/<name>.out (committed).  The scripts only touch
/tmp and print nothing that depends on the machine, so the same files
are what UmkaOS must print.
"""
import glob
import os
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(ROOT, "tests", "busybox")


def main():
    applets = subprocess.run(["/bin/busybox", "--list"], capture_output=True,
                             text=True, check=True).stdout.split()
    with tempfile.TemporaryDirectory() as bindir:
        for a in applets:
            os.symlink("/bin/busybox", os.path.join(bindir, a))
        env = {"PATH": bindir, "HOME": "/root", "TERM": "linux"}
        os.makedirs(os.path.join(TESTS, "expected"), exist_ok=True)
        for script in sorted(glob.glob(os.path.join(TESTS, "t_*.sh"))):
            name = os.path.splitext(os.path.basename(script))[0]
            # Like /test/run in the guest: stdout and stderr in one stream.
            out = subprocess.run(["/bin/busybox", "sh", os.path.basename(script)],
                                 cwd=TESTS, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, timeout=60)
            data = out.stdout
            with open(os.path.join(TESTS, "expected", name + ".out"),
                      "wb") as f:
                f.write(data)
            print(f"{name}: {len(data)} bytes")


main()
