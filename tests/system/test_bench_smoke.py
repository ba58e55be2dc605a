"""Benchmark smoke test: every program in bench/ runs and prints
well-formed BENCH lines, one per measurement.  Timing is never checked:
figures come from `make bench` (docs/performance.md).

Where the programs run is decided by what build/umka can do.  Booted
with the benchmark initramfs, a kernel that runs /init prints
"BENCH-INIT-START"; when UmkaOS does, the programs are checked in the
guest, under UmkaOS.  Until then they are checked on the host, where
these static x86-64 Linux binaries run unchanged, which still proves
them well-formed.  The result names say which happened:
system/bench_smoke/guest/<name> or system/bench_smoke/host/<name>.

The disk benchmarks (bench_blk) and /init's driver-load figures need
UmkaOS to register virtio-blk disks with its block layer; until
kernel/kabi does (the check test_virtio_blk.py makes too), bench_blk is
checked on the host, against a file, even when the rest runs in the
guest.
"""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

# Quiet, as `make bench` boots: kernel messages printed while the guest
# bench writes its lines (the disk's partition scan, say) would break
# them.  A boot without a working /init panics (panic=-1 exits QEMU).
CMDLINE = "console=ttyS0 quiet rdinit=/init panic=-1 BENCH_QUICK=1"
NO_INIT = r"No working init found"


def load_bench_tool(root):
    spec = importlib.util.spec_from_file_location(
        "umka_bench_tool", os.path.join(root, "tools", "bench.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def check(bench, lines, name, unit):
    """(ok, why) for measurement name in the output lines."""
    good, bad = [], []
    for line in lines:
        if f"BENCH name={name} " not in line:
            continue
        parsed = bench.parse_bench_line(line)
        if parsed is None:
            bad.append(f"malformed: {line!r}")
        elif "error" in parsed[1]:
            bad.append(f"error: {parsed[1]['error']}")
        elif not parsed[1]["median"] > 0 or parsed[1]["reps"] < 1:
            bad.append(f"no figure: {line!r}")
        elif parsed[1]["unit"] != unit:
            bad.append(f"unit {parsed[1]['unit']}, --list says {unit}")
        else:
            good.append(line)
    if bad:
        return False, "; ".join(bad)
    if len(good) != 1:
        return False, f"{len(good)} lines for it, expected 1"
    return True, ""


def blk_glue_present(root):
    """kernel/kabi hands KABI_CLASS_BLOCK devices to the block layer, so
    that the virtio-blk disk becomes /dev/vda."""
    try:
        with open(os.path.join(root, "kernel", "kabi", "classes.c")) as f:
            return "blk_register_kabi" in f.read()
    except OSError:
        return False


def make_disk(bench, where):
    """A sparse image of the size make bench attaches."""
    path = os.path.join(where, "bench-smoke-disk.img")
    with open(path, "wb") as f:
        f.truncate(bench.DISK_SIZE)
    return path


def in_guest(root, bench, initrd):
    """Boots UmkaOS with the benchmark initramfs and a disk; returns
    the result, or None when it does not run /init (yet)."""
    tmp = tempfile.mkdtemp(prefix="bench-smoke-", dir=bench.BUILD)
    try:
        r = qemu.run_captured(kernel=os.path.join(root, "build/umka"),
                              initrd=initrd, smp=2, mem="512M",
                              cmdline=CMDLINE,
                              extra=qemu.disk_args(make_disk(bench, tmp)),
                              stop_on=r"BENCH-DONE|" + NO_INIT,
                              expect_by=(r"BENCH-INIT-START", 60),
                              timeout=600)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not any("BENCH-INIT-START" in line for line in r.lines):
        return None
    return r


def on_host(bench, built, progs):
    """Runs the programs progs on the host (bench_blk on a file in the
    build directory, where O_DIRECT works); returns (lines, {program:
    why}) for the programs that failed as a whole."""
    tmp = tempfile.mkdtemp(prefix="bench-smoke-", dir=bench.BUILD)
    env = dict(os.environ, BENCH_QUICK="1", BENCH_TMPDIR=tmp,
               BENCH_NOP=built["nop"],
               BENCH_BLKDEV=make_disk(bench, tmp))
    lines, failed = [], {}
    try:
        for prog in progs:
            try:
                p = subprocess.run([built[prog]], env=env, text=True,
                                   capture_output=True, timeout=300)
            except subprocess.TimeoutExpired:
                failed[prog] = "timed out after 300 s"
                continue
            lines += p.stdout.splitlines()
            if p.returncode:
                failed[prog] = (f"exit status {p.returncode}: "
                                f"{p.stderr[-500:]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return lines, failed


def run(root, record):
    bench = load_bench_tool(root)
    try:
        built = bench.build_programs()
        names = bench.measurement_names(built)
        initrd = bench.build_initramfs(built)
    except Exception as e:  # a compile error, musl-gcc missing, ...
        record("system/bench_smoke/build", False, repr(e))
        return
    record("system/bench_smoke/build", True)

    r = in_guest(root, bench, initrd)
    host_names = []
    if r is not None and not blk_glue_present(root):
        host_names = [n for n in names if n[0] == "bench_blk"]
        names = [n for n in names if n[0] != "bench_blk"]
    if r is not None:
        where, lines, failed = "guest", r.lines, {}
        names = [("init", "boot_memfree", "KiB"),
                 ("init", "boot_memtotal", "KiB")] + names
        if not host_names:
            names = [("init", n, "us") for n in bench.DISK_ROWS] + names
        # What /init said about a program: could not exec it, killed...
        for line in r.lines:
            m = re.search(r"BENCH-INIT (.*\b(bench_\w+).*)", line)
            if m:
                failed.setdefault(m.group(2), m.group(1))
        if not any("BENCH-DONE" in line for line in r.lines):
            why = "timed out" if r.timed_out else "no BENCH-DONE"
            for p, _, _ in names:
                failed.setdefault(p, f"{why}; last lines:\n{r.tail()}")
    else:
        where = "host"
        lines, failed = on_host(bench, built, bench.program_names())
    for prog, name, unit in names:
        ok, why = check(bench, lines, name, unit)
        if not ok and prog in failed:
            why += f" ({failed[prog]})"
        record(f"system/bench_smoke/{where}/{name}", ok, why)
    if host_names:
        lines, failed = on_host(bench, built, ["bench_blk"])
        for prog, name, unit in host_names:
            ok, why = check(bench, lines, name, unit)
            if not ok and prog in failed:
                why += f" ({failed[prog]})"
            record(f"system/bench_smoke/host/{name}", ok, why)
