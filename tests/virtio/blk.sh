#!/bin/sh
# virtio-blk through the KABI block class (tests/system/test_virtio_blk.py).
# The disk is a GPT image made by the test: vda1 at 1 MiB (8 MiB),
# vda2 at 9 MiB to 1 MiB before the end; vda1 holds a marker at 1000.
i=0
while [ $i -lt 50 ] && [ ! -b /dev/vda2 ]; do
	sleep 0.1
	i=$((i + 1))
done
sed 's/^/PARTS /' /proc/partitions
ls -l /dev/vda /dev/vda1 /dev/vda2 | sed 's/^/LS /'
echo "SIZES $(blockdev --getsize64 /dev/vda) $(blockdev --getss /dev/vda)" \
	"$(blockdev --getbsz /dev/vda) $(blockdev --getsz /dev/vda1)" \
	"$(blockdev --getsize64 /dev/vda2) $(blockdev --getro /dev/vda)"
echo "MARKER $(dd if=/dev/vda1 bs=1 skip=1000 count=15 2>/dev/null)"
# Byte-sized writes at an odd offset: read-modify-write of one sector.
printf 'UMKA-WROTE-THIS' | dd of=/dev/vda2 bs=1 seek=777 conv=notrunc 2>/dev/null
echo "READBACK $(dd if=/dev/vda bs=1 skip=$((9 * 1048576 + 777)) count=15 2>/dev/null)"
# 4 MiB in 64 KiB writes, checked back through the other node.
dd if=/dev/urandom of=/tmp/r bs=65536 count=64 2>/dev/null
dd if=/tmp/r of=/dev/vda2 bs=65536 seek=16 conv=fsync 2>/dev/null
echo "DD status=$?"
echo "SHA-WRITTEN $(sha256sum </tmp/r | cut -c1-64)"
echo "SHA-READ $(dd if=/dev/vda bs=65536 skip=$((9 * 16 + 16)) count=64 2>/dev/null | sha256sum | cut -c1-64)"
mke2fs -q -F /dev/vda1
echo "MKE2FS status=$?"
blockdev --flushbufs /dev/vda
echo "FLUSH status=$?"
blockdev --rereadpt /dev/vda
echo "REREAD status=$?"
dmesg | grep -E "blk:|virtio_blk" | sed 's/^\[[^]]*\] /DMESG /'
