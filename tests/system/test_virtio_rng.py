"""virtio-rng as a KABI driver (issue 5): its output is readable raw at
/dev/hwrng and is mixed into the pool behind /dev/urandom; the same
driver built against version 1 of the entropy interface loads and works
on this kernel, which offers version 2."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402


def boot(root, driver, msix=True):
    img = os.path.join(root, "build", f"test-rng-{driver}.cpio.gz")
    run = os.path.join(root, "build", f"test-rng-{driver}.sh")
    with open(run, "w") as f:
        f.write(f"#!/bin/sh\nsh /test/rng.sh {driver}\n")
    os.chmod(run, 0o755)
    ko = os.path.join(root, "build", "drivers", f"{driver}.ko")
    qemu.initramfs(img, [
        f"{run}:test/run",
        f"{os.path.join(root, 'tests', 'virtio', 'rng.sh')}:test/rng.sh",
        f"{ko}:lib/umka/test/{driver}.ko"])
    return qemu.run_captured(kernel=os.path.join(root, "build", "umka"),
                             smp=2, initrd=img, cmdline="console=ttyS0",
                             extra_args=rng_args(msix),
                             stop_on=r"UMKA-TEST-DONE", timeout=120)


def rng_args(msix):
    """vectors=0 takes MSI-X away, so the driver must fall back to INTx."""
    args = qemu.rng_args()
    return args if msix else args[:-1] + [args[-1] + ",vectors=0"]


def check(record, name, r, iface_note):
    text = r.text()
    h1 = re.search(r"HWRNG1 ([0-9a-f]{64})", text)
    h2 = re.search(r"HWRNG2 ([0-9a-f]{64})", text)
    record(f"virtio_rng/{name}/binds",
           "INSMOD status=0" in text and
           re.search(rf"kabi: {name} bound to pci:", text) is not None,
           r.tail(30))
    record(f"virtio_rng/{name}/interface_version",
           f"hwrng: {name} registered ({iface_note})" in text, r.tail(30))
    record(f"virtio_rng/{name}/dev_hwrng_reads_device_bytes",
           bool(h1 and h2) and h1.group(1) != h2.group(1) and
           h1.group(1) != "0" * 64, r.tail(30))
    record(f"virtio_rng/{name}/mixed_into_urandom",
           "bytes from hardware RNGs mixed in" in text and
           re.search(r"URANDOM [0-9a-f]{32}", text) is not None, r.tail(30))


def run(root, record):
    check(record, "virtio_rng", boot(root, "virtio_rng"),
          "reports its quality")
    check(record, "virtio_rng_v1", boot(root, "virtio_rng_v1"),
          "version 1 interface")
    r = boot(root, "virtio_rng", msix=False)
    text = r.text()
    h = re.findall(r"HWRNG\d ([0-9a-f]{64})", text)
    record("virtio_rng/intx_fallback",
           "INTx" in text and "MSI-X" not in
           "".join(l for l in r.lines if "buffers of" in l) and
           len(set(h)) == 2, r.tail(30))
