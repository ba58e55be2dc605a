#!/usr/bin/env python3
"""Boot UmkaOS a few times with only some of the benchmark programs and
print their BENCH lines: for chasing one figure without a whole `make
bench`.

    tools/bench-one.py bench_fs                 # 3 boots, -smp 2
    tools/bench-one.py -n 5 bench_mm bench_fs   # bench_mm first, then bench_fs
    tools/bench-one.py --icount bench_proc      # deterministic figures

The initramfs holds /init, /bin/nop and the named programs, run in the
order given (build/bench/one/initramfs.cpio.gz); the kernel is
build/umka as it is (run make first).
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import qemu  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("programs", nargs="+", help="bench_* programs, in order")
    ap.add_argument("-n", "--runs", type=int, default=3)
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--icount", action="store_true",
                    help="-icount shift=0,sleep=off (see docs/performance.md)")
    ap.add_argument("--kernel", default=os.path.join(bench.ROOT, "build",
                                                     "umka"))
    ap.add_argument("--cmdline", default="", help="appended to the usual")
    ap.add_argument("--timeout", type=float, default=600)
    a = ap.parse_args()
    known = bench.program_names()
    for p in a.programs:
        if p not in known:
            sys.exit(f"bench-one: no bench/{p}.c (have: {' '.join(known)})")
    built = bench.build_programs()
    out = os.path.join(bench.BUILD, "one")
    os.makedirs(out, exist_ok=True)
    bench.program_names = lambda src=None: list(a.programs)
    initrd = bench.build_initramfs(built, out=out)
    cmdline = (bench.CMDLINE + " " + a.cmdline).strip()
    for i in range(a.runs):
        t0 = time.monotonic()
        r = qemu.run_captured(kernel=a.kernel, initrd=initrd, smp=a.smp,
                              mem=a.mem, cmdline=cmdline,
                              extra=bench.ICOUNT if a.icount else (),
                              stop_on=r"BENCH-DONE", timeout=a.timeout)
        state = "timed out" if r.timed_out else "done"
        print(f"--- boot {i + 1}/{a.runs}: {state}, "
              f"{time.monotonic() - t0:.1f} s, "
              f"host load {os.getloadavg()[0]:.1f}", flush=True)
        for line in r.lines:
            if "BENCH" in line and "BENCH-INIT-START" not in line:
                print(line.strip(), flush=True)


if __name__ == "__main__":
    main()
