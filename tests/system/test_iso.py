"""ISO test: `make iso` builds a GRUB rescue image, and the kernel boots
from it through the Multiboot2 path (the PVH path is covered by
test_boot.py), finds its command line and prints the memory map."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

READY = r"kernel ready in"


def run(root, record):
    p = subprocess.run(["make", "-C", root, "iso"], capture_output=True,
                       text=True)
    iso = os.path.join(root, "build/umka.iso")
    if p.returncode != 0 or not os.path.exists(iso):
        record("system/iso/build", False,
               (p.stdout + p.stderr)[-2000:])
        return
    record("system/iso/build", True)
    # GRUB runs first; leave it room on a slow TCG host.
    r = qemu.run_captured(kernel=None, iso=iso, smp=2, stop_on=READY,
                          timeout=90)
    text = r.text()
    needles = ["Boot loader: Multiboot2", "Command line: console=ttyS0",
               "Physical memory map:", "] usable", "kernel ready in"]
    missing = [n for n in needles if n not in text]
    record("system/iso/boot", not r.timed_out and not missing,
           ("timed out; " if r.timed_out else "") +
           f"missing {missing}; last lines:\n{r.tail()}")
