#!/usr/bin/env python3
"""`make bench-boot`: how long the kernel takes to boot under QEMU.

Boots the kernel N times and reports, for the runs that reached
"kernel ready", the host wall time from QEMU launch to that line (QEMU
start-up and firmware included), the kernel's own figure printed on the
line ("kernel ready in N us", from its monotonic clock), and the image
size.  TCG by default, like every other QEMU run here, so the numbers
compare between hosts only loosely.  Nothing is asserted: this is a
measurement, and a slow boot is not a failure.
"""
import argparse
import os
import re
import statistics
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

READY = re.compile(r"kernel ready in (\d+) us")


def boot_once(a):
    """One boot; returns (host seconds, guest us or None) or None."""
    r = qemu.run_captured(kernel=a.kernel, smp=a.smp, mem=a.mem,
                          accel=a.accel, cmdline=a.cmdline,
                          stop_on=READY.pattern, timeout=a.timeout)
    # run_captured stops reading at the matching line, so r.seconds is
    # launch to "kernel ready" plus killing QEMU (a millisecond or two).
    for line in r.lines:
        m = READY.search(line)
        if m:
            return r.seconds, int(m.group(1))
    why = "timed out" if r.timed_out else f"exit status {r.status}"
    print(f"  boot failed ({why}); last lines:\n{r.tail(10)}",
          file=sys.stderr)
    return None


def summary(values, fmt):
    return (f"min {fmt(min(values))}  median "
            f"{fmt(statistics.median(values))}  max {fmt(max(values))}")


def image_sizes(path):
    """File size, and the loadable bytes from the ELF program headers."""
    size = os.path.getsize(path)
    loaded = None
    try:
        with open(path, "rb") as f:
            hdr = f.read(64)
            if hdr[:4] == b"\x7fELF" and hdr[4] == 2:
                phoff, = struct.unpack_from("<Q", hdr, 32)
                phentsize, phnum = struct.unpack_from("<HH", hdr, 54)
                loaded = 0
                for i in range(phnum):
                    f.seek(phoff + i * phentsize)
                    ph = f.read(phentsize)
                    p_type, = struct.unpack_from("<I", ph, 0)
                    p_memsz, = struct.unpack_from("<Q", ph, 40)
                    if p_type == 1:  # PT_LOAD
                        loaded += p_memsz
    except OSError:
        pass
    return size, loaded


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("-n", "--runs", type=int, default=7)
    ap.add_argument("--smp", default="2")
    ap.add_argument("--mem", default="256M")
    ap.add_argument("--accel", default="tcg")
    ap.add_argument("--cmdline", default="console=ttyS0")
    ap.add_argument("--timeout", type=float, default=60)
    a = ap.parse_args()

    if not os.path.exists(a.kernel):
        sys.exit(f"bench-boot: no kernel at {a.kernel}; run make first")
    size, loaded = image_sizes(a.kernel)
    print(f"bench-boot: {a.kernel}, {a.runs} boots, accel={a.accel} "
          f"smp={a.smp} mem={a.mem}")
    host, guest = [], []
    for i in range(a.runs):
        res = boot_once(a)
        if res:
            host.append(res[0])
            guest.append(res[1])
            print(f"  run {i + 1}: host {res[0] * 1000:.1f} ms, "
                  f"guest {res[1]} us", flush=True)
        else:
            print(f"  run {i + 1}: failed", flush=True)
    print(f"image size:      {size} bytes on disk" +
          (f", {loaded} bytes loaded (text, data, bss)" if loaded else ""))
    if not host:
        print("no boot reached \"kernel ready\"")
        sys.exit(1)
    print(f"host wall time:  {summary(host, lambda s: f'{s * 1000:.1f} ms')}"
          f"  ({len(host)}/{a.runs} runs)")
    print(f"in-guest ready:  {summary(guest, lambda us: f'{us} us')}")
    if max(guest) == 0:
        print("  (0 us: the kernel had no clocksource at \"kernel ready\")")


if __name__ == "__main__":
    main()
