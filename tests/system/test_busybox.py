"""Debian's busybox on UmkaOS: the scripts in tests/busybox run inside
the guest and must print exactly what they print on Linux (recorded by
`make expected` into tests/busybox/expected/)."""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402


def build_initramfs(root, out):
    tdir = os.path.join(root, "tests", "busybox")
    adds = [f"{os.path.join(tdir, 'run')}:test/run"]
    for path in sorted(glob.glob(os.path.join(tdir, "t_*.sh"))):
        adds.append(f"{path}:test/{os.path.basename(path)}")
    for path in sorted(glob.glob(os.path.join(tdir, "expected", "*.out"))):
        adds.append(f"{path}:test/expected/{os.path.basename(path)}")
    qemu.initramfs(out, adds)


def run(root, record):
    img = os.path.join(root, "build", "test-busybox.cpio.gz")
    build_initramfs(root, img)
    r = qemu.run_captured(kernel=os.path.join(root, "build", "umka"), smp=2,
                          initrd=img, cmdline="console=ttyS0 quiet",
                          stop_on=r"UMKA-TEST-DONE", timeout=300)
    seen = set()
    for i, line in enumerate(r.lines):
        m = re.match(r"(PASS|FAIL) (busybox/\S+)", line)
        if m:
            seen.add(m.group(2))
            detail = "\n".join(r.lines[i + 1:i + 12])
            record(m.group(2), m.group(1) == "PASS", detail)
    expected = {f"busybox/{os.path.splitext(os.path.basename(p))[0]}"
                for p in glob.glob(os.path.join(root, "tests", "busybox",
                                                "t_*.sh"))}
    missing = expected - seen
    record("busybox/all_scripts_ran", not missing and not r.timed_out,
           f"missing {sorted(missing)}; last lines:\n{r.tail(30)}")
