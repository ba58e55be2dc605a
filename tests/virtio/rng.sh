#!/bin/sh
# virtio-rng through the KABI entropy class (tests/system/test_virtio_rng.py).
insmod /lib/umka/test/$1.ko
echo "INSMOD status=$?"
a=$(head -c 32 /dev/hwrng | od -An -tx1 | tr -d ' \n')
b=$(head -c 32 /dev/hwrng | od -An -tx1 | tr -d ' \n')
echo "HWRNG1 $a"
echo "HWRNG2 $b"
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' | sed 's/^/URANDOM /'
echo
i=0
while [ $i -lt 50 ] && ! dmesg | grep -q "bytes from hardware RNGs mixed in"; do
	sleep 0.1
	i=$((i + 1))
done
dmesg | grep -E "hwrng|random:|kabi" | sed 's/^\[[^]]*\] /DMESG /'
