"""The initrd from the boot loader (QEMU -initrd through PVH) arrives
intact, is reported, and is kept out of the page allocator."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402


def run(root, record):
    size = 3 * 1024 * 1024 + 123
    data = bytearray(os.urandom(size))
    data[:16] = b"UMKA-INITRD-TEST"
    data[-1] = size % 251
    with tempfile.NamedTemporaryFile(suffix=".img", delete=False) as f:
        f.write(data)
        path = f.name
    try:
        r = qemu.run_captured(kernel=os.path.join(root, "build/umka"), smp=2,
                              initrd=path, timeout=60,
                              cmdline="console=ttyS0 umka.ktest=initrd")
    finally:
        os.unlink(path)
    text = r.text()
    ok = (r.status == 0 and "PASS ktest/initrd_kept_in_memory" in text and
          f"({size // 1024} KiB)" in text)
    record("system/initrd/kept_and_reserved", ok, r.tail())
