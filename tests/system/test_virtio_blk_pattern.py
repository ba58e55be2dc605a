"""virtio-blk end to end over a whole 64 MiB disk (issue 5): the guest
writes a known pattern across the disk with busybox dd, flushes and
powers off, and the host checks the image byte for byte; then the guest
reads an image the host filled and its checksum matches the host's."""
import hashlib
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

MIB = 1 << 20
DISK_MIB = 64

# Each MiB: "MiB NN\n" then the first MiB - 7 bytes of a 1 MiB base made
# of 65536 lines "%015d\n".
WRITE = r"""#!/bin/sh
awk 'BEGIN { for (i = 0; i < 65536; i++) printf "%015d\n", i }' > /tmp/base
m=0
while [ $m -lt 64 ]; do
	{ printf "MiB %02d\n" $m; cat /tmp/base; } |
		dd of=/dev/vda bs=1048576 count=1 seek=$m iflag=fullblock \
			conv=notrunc 2>/dev/null || echo "DD-FAILED $m"
	m=$((m + 1))
done
blockdev --flushbufs /dev/vda && echo FLUSHED
"""

READ = r"""#!/bin/sh
echo "GUEST-SHA $(sha256sum < /dev/vda | cut -d' ' -f1)"
echo "GUEST-SIZE $(blockdev --getsize64 /dev/vda)"
"""


def expected_image():
    base = b"".join(b"%015d\n" % i for i in range(65536))
    return b"".join((b"MiB %02d\n" % m + base)[:MIB]
                    for m in range(DISK_MIB))


def boot(root, name, script, disk):
    b = os.path.join(root, "build")
    path = os.path.join(b, f"test-blk-{name}.sh")
    with open(path, "w") as f:
        f.write(script)
    os.chmod(path, 0o755)
    img = os.path.join(b, f"test-blk-{name}.cpio.gz")
    qemu.initramfs(img, [f"{path}:test/run",
                         f"{os.path.join(b, 'drivers', 'virtio_blk.ko')}:"
                         "lib/umka/drivers/virtio_blk.ko"])
    return qemu.run_captured(kernel=os.path.join(b, "umka"), smp=2,
                             initrd=img, cmdline="console=ttyS0",
                             extra_args=qemu.disk_args(disk),
                             stop_on=r"UMKA-TEST-DONE", timeout=400)


def first_difference(a, b):
    for off in range(0, min(len(a), len(b)), MIB):
        if a[off:off + MIB] != b[off:off + MIB]:
            for i in range(off, off + MIB):
                if a[i] != b[i]:
                    return i
    return None if len(a) == len(b) else min(len(a), len(b))


def run(root, record):
    disk = os.path.join(root, "build", "test-blk-pattern.img")
    with open(disk, "wb") as f:
        f.truncate(DISK_MIB * MIB)
    r = boot(root, "write", WRITE, disk)
    got = open(disk, "rb").read()
    want = expected_image()
    diff = first_difference(got, want)
    record("virtio_blk/pattern_64mib_written_byte_for_byte",
           "FLUSHED" in r.text() and "DD-FAILED" not in r.text() and
           diff is None and not r.timed_out,
           f"first difference at byte {diff}\n{r.tail(20)}")

    rng = random.Random(1234)
    data = rng.randbytes(DISK_MIB * MIB)
    with open(disk, "wb") as f:
        f.write(data)
    r = boot(root, "read", READ, disk)
    record("virtio_blk/host_image_read_checksum",
           f"GUEST-SHA {hashlib.sha256(data).hexdigest()}" in r.text() and
           f"GUEST-SIZE {DISK_MIB * MIB}" in r.text(), r.tail(20))
    os.unlink(disk)
