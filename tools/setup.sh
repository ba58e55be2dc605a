#!/bin/sh
# Install the Debian packages the build and tests need, when missing.
# One list, used by `make run`, `make test` and CI.
set -e
need=""
check() { # command package
	command -v "$1" >/dev/null 2>&1 || need="$need $2"
}
check gcc gcc
check clang clang
check ld binutils
check make make
check python3 python3
check qemu-system-x86_64 qemu-system-x86
check cpio cpio
check musl-gcc musl-tools
check grub-mkrescue grub-common
check xorriso xorriso
check mformat mtools
check gdb gdb
check strace strace
[ -d /usr/lib/grub/i386-pc ] || need="$need grub-pc-bin"
[ -x /bin/busybox ] || need="$need busybox-static"
# glibc's static libraries, for the gcc -static test programs.
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || need="$need libc6-dev"
# Debian's own python3 (not just any python3 on PATH), for tests/debian.
[ -x /usr/bin/python3 ] || need="$need python3"
[ -n "$need" ] || exit 0
echo "setup: installing$need"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
