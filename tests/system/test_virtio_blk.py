"""virtio-blk as a KABI driver under the Core block layer (docs/block.md):
a GPT image made here appears as /dev/vda, vda1, vda2 and in
/proc/partitions; busybox's blockdev, dd, mke2fs read and write it; the
host then finds the guest's bytes at the right offsets of the image."""
import hashlib
import os
import re
import struct
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

MIB = 1 << 20
SECTORS = 32 * MIB // 512
P1 = (2048, 2048 + 16384 - 1)          # 8 MiB at 1 MiB
P2 = (18432, SECTORS - 2048 - 1)       # from 9 MiB to 1 MiB before the end


def gpt_image(path):
    """A protective MBR, both GPT headers and entry arrays, two
    partitions, and a marker at byte 1000 of the first."""
    img = bytearray(SECTORS * 512)
    entries = bytearray(128 * 128)
    for i, (first, last) in enumerate((P1, P2)):
        e = struct.pack("<16s16sQQQ", bytes([0xaf] * 16),
                        bytes([i + 1] * 16), first, last, 0)
        entries[i * 128:i * 128 + len(e)] = e
    ecrc = zlib.crc32(entries)
    for lba, alt, arr in ((1, SECTORS - 1, 2),
                          (SECTORS - 1, 1, SECTORS - 33)):
        h = bytearray(struct.pack("<8sIIIIQQQQ16sQIII", b"EFI PART",
                                  0x10000, 92, 0, 0, lba, alt, 34,
                                  SECTORS - 34, bytes([7] * 16), arr, 128,
                                  128, ecrc))
        h[16:20] = struct.pack("<I", zlib.crc32(h))
        img[lba * 512:lba * 512 + 92] = h
        img[arr * 512:arr * 512 + len(entries)] = entries
    img[446:462] = struct.pack("<B3sB3sII", 0, b"\0\0\2", 0xee, b"\xff" * 3,
                               1, SECTORS - 1)
    img[510:512] = b"\x55\xaa"
    img[P1[0] * 512 + 1000:P1[0] * 512 + 1015] = b"HOST-WROTE-THIS"
    with open(path, "wb") as f:
        f.write(img)


def glue_present(root):
    """kernel/kabi hands KABI_CLASS_BLOCK devices to the block layer."""
    path = os.path.join(root, "kernel", "kabi", "classes.c")
    try:
        with open(path) as f:
            return "blk_register_kabi" in f.read()
    except OSError:
        return False


def run(root, record):
    if not glue_present(root):
        print("SKIP system/virtio_blk: kernel/kabi does not register "
              "block devices with the block layer yet")
        return
    b = os.path.join(root, "build")
    disk = os.path.join(b, "test-blk.img")
    gpt_image(disk)
    script = os.path.join(b, "test-blk.sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\nsh /test/blk.sh\n")
    os.chmod(script, 0o755)
    img = os.path.join(b, "test-blk.cpio.gz")
    qemu.initramfs(img, [
        f"{script}:test/run",
        f"{os.path.join(root, 'tests', 'virtio', 'blk.sh')}:test/blk.sh",
        f"{os.path.join(b, 'drivers', 'virtio_blk.ko')}:"
        "lib/umka/drivers/virtio_blk.ko"])
    r = qemu.run_captured(kernel=os.path.join(b, "umka"), smp=2, initrd=img,
                          cmdline="console=ttyS0",
                          extra_args=qemu.disk_args(disk),
                          stop_on=r"UMKA-TEST-DONE", timeout=180)
    text = r.text()
    tail = r.tail(40)
    kib1 = (P1[1] - P1[0] + 1) // 2
    kib2 = (P2[1] - P2[0] + 1) // 2
    record("virtio_blk/proc_partitions",
           re.search(rf"PARTS +254 +0 +{SECTORS // 2} vda\b", text) and
           re.search(rf"PARTS +254 +1 +{kib1} vda1\b", text) and
           re.search(rf"PARTS +254 +2 +{kib2} vda2\b", text) and
           "PARTS major minor  #blocks  name" in text, tail)
    record("virtio_blk/device_nodes",
           re.search(r"LS br.* 254, +0 .*/dev/vda$", text, re.M) and
           re.search(r"LS br.* 254, +2 .*/dev/vda2$", text, re.M), tail)
    record("virtio_blk/blockdev_sizes",
           f"SIZES {SECTORS * 512} 512 4096 {P1[1] - P1[0] + 1} "
           f"{(P2[1] - P2[0] + 1) * 512} 0" in text, tail)
    record("virtio_blk/reads_host_data", "MARKER HOST-WROTE-THIS" in text,
           tail)
    record("virtio_blk/unaligned_write_read_back",
           "READBACK UMKA-WROTE-THIS" in text, tail)
    m1 = re.search(r"SHA-WRITTEN ([0-9a-f]{64})", text)
    m2 = re.search(r"SHA-READ ([0-9a-f]{64})", text)
    record("virtio_blk/4mib_round_trip",
           "DD status=0" in text and m1 and m2 and
           m1.group(1) == m2.group(1), tail)
    record("virtio_blk/mke2fs_flush_rereadpt",
           "MKE2FS status=0" in text and "FLUSH status=0" in text and
           "REREAD status=0" in text, tail)
    # What the guest wrote is in the image, where the partitions are.
    with open(disk, "rb") as f:
        data = f.read()
    p2 = P2[0] * 512
    p1 = P1[0] * 512
    record("virtio_blk/image_has_guest_writes",
           data[p2 + 777:p2 + 792] == b"UMKA-WROTE-THIS" and
           data[p1 + 1024 + 56:p1 + 1024 + 58] == b"\x53\xef" and
           bool(m1) and hashlib.sha256(
               data[p2 + 16 * 65536:p2 + 80 * 65536]).hexdigest() ==
           m1.group(1), "image offsets checked: vda2+777, ext2 magic, "
           "4 MiB at vda2+1 MiB")
