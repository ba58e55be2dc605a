# Filesystems: mount and umount of a tmpfs with options, /proc/mounts, df (blocks and inodes counted as Linux counts them),
# stat -f, running out of space, sync.
cd /tmp && rm -rf fs && mkdir fs && cd fs
mkdir m && mount -t tmpfs -o size=1m,nr_inodes=100,mode=750 none m
grep ' /tmp/fs/m ' /proc/mounts
stat -c '%a %U' m
df -k m | tail -n 1
dd if=/dev/zero of=m/f bs=1k count=10 2>/dev/null
df -k m | tail -n 1
df -P m | tail -n 1
df -i m | tail -n 1
df -h m | tail -n 1
stat -f -c '%T %t %S %b %f %a %c %d %l' m
stat -f -c '%T' /proc /sys
dd if=/dev/zero of=m/g bs=1k count=2000 2>&1 | sed 's/^dd: //'
stat -c %s m/g; df -k m | tail -n 1
rm m/g; touch m/a m/b; mkdir m/c; ls m
sync && echo synced
umount m && echo unmounted
grep -c ' /tmp/fs/m ' /proc/mounts
mount -t nosuchfs none m 2>&1
umount m 2>&1; cd /tmp && rm -rf fs
