#!/bin/sh
# /init of the UmkaOS initramfs: mount the pseudo filesystems, then hand
# the console to an interactive busybox shell (with job control).
export PATH=/sbin:/bin:/usr/sbin:/usr/bin HOME=/root TERM=linux
# UmkaOS has /dev populated before init; Linux leaves it to us.
[ -c /dev/zero ] || mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t proc proc /proc 2>/dev/null
# As Debian's initramfs does: /dev/fd for bash's <(...) and friends.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
[ -e /dev/stdin ] || ln -s /proc/self/fd/0 /dev/stdin
[ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
[ -e /dev/stderr ] || ln -s /proc/self/fd/2 /dev/stderr
# POSIX shared memory and semaphores (shm_open, sem_open) live here.
mkdir -p /dev/shm && mount -t tmpfs -o mode=1777 tmpfs /dev/shm 2>/dev/null
mount -t sysfs sysfs /sys 2>/dev/null
mount -t tmpfs tmpfs /tmp 2>/dev/null
hostname -F /etc/hostname 2>/dev/null
cd /root
echo "UmkaOS $(uname -r): busybox shell on $(tty 2>/dev/null || echo console)"
# Run a test script instead of the shell when one was put in the image.
if [ -x /test/run ]; then
	/test/run
	echo "UMKA-TEST-DONE status=$?"
	poweroff -f
fi
# A new session whose leader opens the serial line takes it as its
# controlling terminal, so the shell gets job control (^C, ^Z, fg, bg).
exec setsid sh -c 'exec /bin/sh -l </dev/ttyS0 >/dev/ttyS0 2>&1'
