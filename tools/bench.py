#!/usr/bin/env python3
"""`make bench`: UmkaOS and Debian's Linux side by side in the same VM.

Builds the static benchmark programs in bench/ (musl-gcc -static) and
one initramfs holding them and a small /init, boots build/umka and
Debian's vmlinuz in turn with the same QEMU machine, CPU model, memory,
-smp and kernel command line, several times each and alternating, and
prints a table: benchmark | UmkaOS median | Linux median | ratio | spread.
The table also goes to bench/results/<date>-<mode>.md and
bench/results/latest.md.  Method and caveats: docs/performance.md.

Nothing here asserts a timing.  A kernel that fails to build, errors or
hangs shows "error" or "timeout" in its cells, never a number.
"""
import argparse
import datetime
import glob
import gzip
import hashlib
import importlib.util
import lzma
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TOOLS)
sys.path.insert(0, TOOLS)
import qemu  # noqa: E402

BENCH_SRC = os.path.join(ROOT, "bench")
BUILD = os.path.join(ROOT, "build", "bench")
RESULTS = os.path.join(BENCH_SRC, "results")

# The same command line for both kernels.  rdinit= runs our /init from
# the initramfs; panic=-1 turns a panic into a reboot, which -no-reboot
# turns into QEMU exiting, so a crash ends the run at once.
CMDLINE = "console=ttyS0 quiet rdinit=/init panic=-1"
ICOUNT = ["-icount", "shift=0,sleep=off"]
CFLAGS = ["-static", "-s", "-O2", "-Wall", "-Wextra", "-Werror", "-pthread"]

START_RE = re.compile(r"BENCH-INIT-START (?:(\d+)|error=(.*))")
DONE_RE = re.compile(r"BENCH-DONE(?: (\d+))?")
LINE_RE = re.compile(r"BENCH name=(\S+) (.*)$")
HIGHER_IS_BETTER = {"MB/s", "IOPS"}
MODULE_RE = re.compile(r"BENCH-MODULE (\S+) (?:us=(\d+)|error=(.*))")
KLOG_RE = re.compile(r"BENCH-KLOG (.*)")
KABI_LOADED_RE = re.compile(r"kabi: loaded (\S+) \S+ from \S+ in (\d+) us"
                            r"(?: \(signature (\d+) us\))?")

# The disk: a fresh sparse raw image for every boot, attached as a
# modern virtio-blk device (/dev/vda) to both kernels.
DISK_SIZE = 256 << 20
# What each kernel needs loaded to see it, in /init (bench/init.c).
# Linux: the virtio PCI transport and the disk driver, with whatever
# modules.dep says they need and modules.builtin does not already have.
LINUX_DISK_MODULES = ("virtio_pci", "virtio_blk")
UMKA_DISK_DRIVERS = ("virtio_blk",)
# /init's figures about them (microseconds), in the report's order.
DISK_ROWS = ("blk_driver_load", "blk_drivers_load", "blk_dev_ready")
KERNELS = ("umka", "linux")
LABEL = {"umka": "UmkaOS", "linux": "Linux"}


def log(msg):
    print(msg, flush=True)


# ---------------------------------------------------------------- setup

def apt_install(packages):
    """apt-get install; if that fails, apt-get update and try again."""
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = sudo + ["apt-get", "install", "-y", "-q",
                  "--no-install-recommends"] + list(packages)
    log(f"bench: installing {' '.join(packages)}")
    if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode:
        subprocess.run(sudo + ["apt-get", "update", "-q"], env=env,
                       stdout=subprocess.DEVNULL)
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)


def ensure_musl():
    if not shutil.which("musl-gcc"):
        apt_install(["musl-tools"])


def _version_key(path):
    return [int(x) if x.isdigit() else x
            for x in re.split(r"(\d+)", os.path.basename(path))]


def find_linux():
    found = sorted(glob.glob("/boot/vmlinuz-*"), key=_version_key)
    return found[-1] if found else None


def ensure_linux():
    """Debian's newest /boot/vmlinuz-*, installing linux-image-amd64
    when there is none."""
    path = find_linux()
    if not path:
        apt_install(["linux-image-amd64"])
        path = find_linux()
    return path


def build_kernel():
    """make all; returns (ok, last lines of output)."""
    p = subprocess.run(["make", "-C", ROOT, "all"], capture_output=True,
                       text=True)
    return p.returncode == 0, (p.stdout + p.stderr)[-2000:]


# The order the programs run in, and the table's; a new bench_*.c not
# named here runs after these.
ORDER = ["bench_syscall", "bench_pipe", "bench_ctxsw", "bench_proc",
         "bench_mm", "bench_fs", "bench_blk"]


def program_names(src=BENCH_SRC):
    found = sorted(os.path.splitext(os.path.basename(f))[0]
                   for f in glob.glob(os.path.join(src, "bench_*.c")))
    return [p for p in ORDER if p in found] + \
        [p for p in found if p not in ORDER]


def build_programs(src=BENCH_SRC, out=BUILD):
    """Compiles bench/bench_*.c, bench/nop.c and bench/init.c; returns
    {name: path}.  Raises CalledProcessError on a compile error."""
    ensure_musl()
    os.makedirs(out, exist_ok=True)
    header = os.path.join(src, "bench.h")
    built = {}
    for name in program_names(src) + ["nop", "init"]:
        c = os.path.join(src, name + ".c")
        exe = os.path.join(out, name)
        deps = [c, header, os.path.abspath(__file__)]
        if not os.path.exists(exe) or os.path.getmtime(exe) < max(
                os.path.getmtime(d) for d in deps):
            # Built aside and renamed: a concurrent reader (make test
            # and make bench at once) never sees half a file.
            tmp = f"{exe}.{os.getpid()}.tmp"
            subprocess.run(["musl-gcc"] + CFLAGS + ["-o", tmp, c],
                           check=True)
            os.replace(tmp, exe)
        built[name] = exe
    return built


def measurement_names(built):
    """[(program, measurement, unit)] in run order, from each program's
    --list (they are static x86-64 binaries: the host runs them)."""
    names = []
    for prog in program_names():
        p = subprocess.run([built[prog], "--list"], capture_output=True,
                           text=True, check=True, timeout=30)
        for line in p.stdout.splitlines():
            name, unit = line.split()
            names.append((prog, name, unit))
    return names


class Cpio:
    """A cpio archive in the "newc" format that Linux's initramfs and
    UmkaOS's unpacker read.  Written here rather than with cpio(1) so
    that /dev/console can be a device node without root."""

    def __init__(self):
        self.data = bytearray()
        self.ino = 1

    @staticmethod
    def _pad(n):
        return b"\0" * (-n % 4)

    def add(self, name, mode, body=b"", rdev=(0, 0)):
        fields = [self.ino, mode, 0, 0, 2 if mode & 0o040000 else 1, 0,
                  len(body), 0, 0, rdev[0], rdev[1], len(name) + 1, 0]
        hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
        self.data += hdr + name.encode() + b"\0"
        self.data += self._pad(len(hdr) + len(name) + 1)
        self.data += body + self._pad(len(body))
        self.ino += 1

    def dir(self, name):
        self.add(name, 0o040755)

    def file(self, name, body, perm=0o755):
        self.add(name, 0o100000 | perm, body)

    def chardev(self, name, major, minor, perm=0o600):
        self.add(name, 0o020000 | perm, rdev=(major, minor))

    def finish(self):
        self.add("TRAILER!!!", 0)
        return bytes(self.data)


def _module_name(path):
    """modules.dep's path to the module's name: virtio-rng.ko.xz ->
    virtio_rng."""
    base = os.path.basename(path)
    return base[:base.index(".ko")].replace("-", "_")


def _module_bytes(path):
    """A module file's contents, uncompressed: Debian's kernels since
    6.5 or so ship .ko.xz, older ones plain .ko."""
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".ko.xz"):
        return lzma.decompress(data)
    if path.endswith(".ko.gz"):
        return gzip.decompress(data)
    if path.endswith(".ko.zst"):
        p = subprocess.run(["zstd", "-dc", path], capture_output=True,
                           check=True)
        return p.stdout
    return data


def linux_modules(vmlinuz, wanted=LINUX_DISK_MODULES):
    """([(file name, bytes)] in load order, why) for the modules Linux
    needs for the disk: the wanted ones and what modules.dep says they
    depend on, dependencies first, leaving out those modules.builtin
    lists.  The modules come from /lib/modules/<release>, where
    linux-image-amd64 put them next to /boot/vmlinuz-<release>.  On
    failure the list is None and why says what is missing."""
    release = os.path.basename(vmlinuz or "")
    if not release.startswith("vmlinuz-"):
        return None, f"cannot tell the release of {vmlinuz}"
    base = os.path.join("/lib/modules", release[len("vmlinuz-"):])
    try:
        with open(os.path.join(base, "modules.dep")) as f:
            dep_lines = f.read().splitlines()
    except OSError as e:
        return None, f"no modules.dep for it: {e.strerror}"
    builtin = set()
    try:
        with open(os.path.join(base, "modules.builtin")) as f:
            builtin = {_module_name(x.strip()) for x in f if x.strip()}
    except OSError:
        pass
    deps = {}
    for line in dep_lines:
        mod, _, rest = line.partition(":")
        deps[_module_name(mod)] = (mod, rest.split())
    order = []

    def visit(name, chain=()):
        if name in builtin or name in chain or \
                any(n == name for n, _ in order):
            return
        if name not in deps:
            raise KeyError(name)
        path, needs = deps[name]
        for d in needs:
            visit(_module_name(d), chain + (name,))
        order.append((name, path))

    try:
        for name in wanted:
            visit(name)
    except KeyError as e:
        return None, f"{e.args[0]} is neither a module nor built in"
    out = []
    for name, path in order:
        try:
            data = _module_bytes(os.path.join(base, path))
        except (OSError, lzma.LZMAError, subprocess.CalledProcessError) as e:
            return None, f"cannot read {path}: {e}"
        out.append((name + ".ko", data))
    return out, ""


def umka_modules(drivers=os.path.join(ROOT, "build", "drivers")):
    """UmkaOS's signed KABI drivers for the disk, from the build."""
    out = []
    for name in UMKA_DISK_DRIVERS:
        path = os.path.join(drivers, name + ".ko")
        if not os.path.exists(path):
            return None, f"no {os.path.relpath(path, ROOT)}"
        with open(path, "rb") as f:
            out.append((name + ".ko", f.read()))
    return out, ""


def build_initramfs(built, out=BUILD, modules=None):
    """The benchmark initramfs (layout in docs/performance.md); returns
    the path of the gzip-compressed cpio.  modules: {"umka" or "linux":
    [(file name, bytes)] in load order}, the disk drivers /init loads
    on that kernel; by default UmkaOS's from the build."""
    if modules is None:
        mods, _ = umka_modules()
        modules = {"umka": mods} if mods else {}
    progs = program_names()
    c = Cpio()
    for d in ("bench", "bench/modules", "bin", "dev", "proc", "tmp"):
        c.dir(d)
    for tag, mods in sorted(modules.items()):
        c.dir(f"bench/modules/{tag}")
        for name, data in mods:
            c.file(f"bench/modules/{tag}/{name}", data, 0o644)
        c.file(f"bench/modules/{tag}.list",
               "".join(n + "\n" for n, _ in mods).encode(), 0o644)
    c.chardev("dev/console", 5, 1)
    with open(built["init"], "rb") as f:
        c.file("init", f.read())
    with open(built["nop"], "rb") as f:
        c.file("bin/nop", f.read())
    for prog in progs:
        with open(built[prog], "rb") as f:
            c.file(f"bench/{prog}", f.read())
    c.file("bench/list", "".join(p + "\n" for p in progs).encode(), 0o644)
    path = os.path.join(out, "initramfs.cpio.gz")
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(gzip.compress(c.finish(), compresslevel=9, mtime=0))
    os.replace(tmp, path)
    return path


# ------------------------------------------------------------- one boot

def parse_bench_line(line):
    """(name, fields) for a BENCH line, else None.  fields has "error"
    for an error line; otherwise unit, median, p10, p90, spread, reps,
    iters (numbers as floats)."""
    m = LINE_RE.search(line)
    if not m:
        return None
    name, rest = m.group(1), m.group(2)
    if rest.startswith("error="):
        return name, {"error": rest[len("error="):].strip()}
    fields = {}
    for tok in rest.split():
        key, eq, val = tok.partition("=")
        if not eq:
            return None
        if key == "unit":
            fields[key] = val
            continue
        try:
            fields[key] = float(val.rstrip("%"))
        except ValueError:
            return None
    need = ("unit", "median", "p10", "p90", "spread", "reps", "iters")
    if any(k not in fields for k in need):
        return None
    return name, fields


class Run:
    def __init__(self, kernel):
        self.kernel = kernel
        self.state = "skipped"  # ok | timeout | error | skipped
        self.why = ""
        self.host_init_s = None  # QEMU launch to BENCH-INIT-START
        self.guest_init_ns = None
        self.host_done_s = None   # and to BENCH-DONE
        self.guest_done_ns = None
        self.reached_init = False
        self.values = {}        # name -> fields
        self.errors = {}        # name -> text
        self.notes = []         # BENCH-INIT lines
        self.prog_notes = {}    # program -> first BENCH-INIT line on it
        self.modules = []       # (file, us or None, error or None)
        self.klog = []          # BENCH-KLOG lines: kernel log excerpts
        self.kabi_loads = {}    # driver -> us, from "kabi: loaded"
        self.kabi_sigs = {}     # driver -> us of it checking the signature
        self.uname = None
        self.clocksource = None
        self.seconds = None
        self.load = None        # host 1-minute load average at the end
        self.tail = ""


def clock_rate(run):
    """Guest time over host time from the first /init line to
    BENCH-DONE: about 1.00 when the guest's clock is right (wall-clock
    modes only), or None."""
    if run.guest_done_ns is None or run.guest_init_ns is None:
        return None
    host = run.host_done_s - run.host_init_s
    if host < 1.0:
        return None
    return (run.guest_done_ns - run.guest_init_ns) / 1e9 / host


def disk_dir():
    """Where the per-boot disk image goes: /dev/shm when there is one,
    so that the guest's flushes reach no host disk."""
    shm = "/dev/shm"
    if os.path.isdir(shm) and os.access(shm, os.W_OK):
        return shm
    return BUILD


def make_disk():
    """A fresh, sparse raw image of DISK_SIZE bytes; returns its path."""
    d = disk_dir()
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, f"umka-bench-disk.{os.getpid()}.img")
    with open(path, "wb") as f:
        f.truncate(DISK_SIZE)
    return path


def boot(kernel, initrd, a, extra_cmdline=""):
    run = Run(kernel)

    def on_line(line, t):
        m = DONE_RE.search(line)
        if m and m.group(1) and run.host_init_s is not None:
            run.host_done_s = t
            run.guest_done_ns = int(m.group(1))
        m = START_RE.search(line)
        if m and run.host_init_s is None:
            run.host_init_s = t
            run.reached_init = True
            if m.group(1):
                run.guest_init_ns = int(m.group(1))
            else:
                run.notes.append("BENCH-INIT-START: " + m.group(2))

    path = a.umka_snapshot if kernel == "umka" else a.linux
    cmdline = CMDLINE + (" " + extra_cmdline if extra_cmdline else "")
    disk = make_disk()
    try:
        r = qemu.run_captured(kernel=path, initrd=initrd, smp=a.smp,
                              mem=a.mem, accel=a.accel, cmdline=cmdline,
                              extra=(ICOUNT if a.icount else []) +
                              qemu.disk_args(disk),
                              stop_on=r"BENCH-DONE", timeout=a.timeout,
                              expect_by=(START_RE.pattern, a.init_timeout),
                              on_line=on_line)
    finally:
        os.unlink(disk)
    run.seconds = r.seconds
    run.load = os.getloadavg()[0]
    run.tail = r.tail(15)
    done = False
    for line in r.lines:
        parsed = parse_bench_line(line)
        if parsed:
            name, fields = parsed
            if "error" in fields:
                run.errors[name] = fields["error"]
            else:
                run.values[name] = fields
            continue
        m = MODULE_RE.search(line)
        if m:
            run.modules.append((m.group(1), int(m.group(2))
                                if m.group(2) else None, m.group(3)))
            continue
        m = KLOG_RE.search(line)
        if m:
            run.klog.append(m.group(1))
            k = KABI_LOADED_RE.search(m.group(1))
            if k:
                run.kabi_loads[k.group(1)] = int(k.group(2))
                if k.group(3):
                    run.kabi_sigs[k.group(1)] = int(k.group(3))
            continue
        m = LINE_RE.search(line)
        if m:   # a BENCH line that does not parse: say so, never guess
            run.errors.setdefault(m.group(1), "malformed line: " +
                                  m.group(2)[:40])
            continue
        m = re.search(r"BENCH-INIT (.*)", line)
        if m:
            if m.group(1).startswith("kernel "):
                run.uname = m.group(1)[len("kernel "):]
            elif m.group(1).startswith("clocksource "):
                run.clocksource = m.group(1).split()[1]
            else:
                run.notes.append(m.group(1))
                prog = re.search(r"\b(bench_\w+)", m.group(1))
                if prog:
                    run.prog_notes.setdefault(prog.group(1), m.group(1))
        if "BENCH-DONE" in line:
            done = True
    if done:
        run.state = "ok"
    elif r.timed_out:
        run.state = "timeout"
        run.why = ("no /init line within %ds" % a.init_timeout
                   if not run.reached_init else
                   "no BENCH-DONE within %ds" % a.timeout)
    else:
        run.state = "error"
        run.why = ("QEMU exited before /init" if not run.reached_init
                   else "QEMU exited before BENCH-DONE")
    return run


# ------------------------------------------------------------ the table

def fmt_num(x):
    if x is None:
        return "—"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def spread_pct(vals):
    """Run-to-run spread: (max - min) / median, in %."""
    if len(vals) < 2:
        return None
    med = statistics.median(vals)
    return (max(vals) - min(vals)) * 100.0 / med if med else None


class Cell:
    """One kernel's figure for one row: the median over runs of each
    run's value, or why there is none."""

    def __init__(self, vals, attempted, failure):
        self.vals = vals
        self.attempted = attempted
        self.failure = failure
        self.value = statistics.median(vals) if vals else None

    def text(self):
        if self.value is None:
            return self.failure
        s = fmt_num(self.value)
        if len(self.vals) < self.attempted:
            s += f" ({len(self.vals)}/{self.attempted} runs)"
        return s


def failure_text(runs, name, prog=None):
    """What to show instead of a number for name over these runs."""
    if not runs:
        return "not run"
    errs = [r.errors[name] for r in runs if name in r.errors]
    if not errs and prog:
        # No line of its own: what /init said about its program, if
        # anything (did not start, killed by a signal, ...).
        errs = [r.prog_notes[prog] for r in runs if prog in r.prog_notes]
    if errs:
        text = max(set(errs), key=errs.count)
        return "error: " + text.replace("|", "/")[:70]
    if all(r.state == "timeout" and not r.reached_init for r in runs):
        return "timeout (no /init)"
    if all(r.state == "timeout" for r in runs):
        return "timeout"
    if all(r.state == "skipped" for r in runs):
        return "not run"
    return "error"


def cell_for(runs, name, getter, prog=None):
    attempted = [r for r in runs if r.state != "skipped"]
    vals = [v for v in (getter(r) for r in attempted) if v is not None]
    if not attempted and runs and runs[0].why.startswith("error: "):
        failure = runs[0].why   # never booted: the build failed, ...
    else:
        failure = failure_text(attempted, name, prog)
    return Cell(vals, len(attempted), failure)


def ratio_text(u, lin, higher_better):
    if u.value is None or lin.value is None or not u.value or not lin.value:
        return "—"
    r = lin.value / u.value if higher_better else u.value / lin.value
    return f"{r:.2f}"


def spread_text(u, lin):
    parts = []
    for label, c in (("U", u), ("L", lin)):
        s = spread_pct(c.vals)
        if s is not None:
            parts.append(f"{label} {s:.0f}%")
    return " · ".join(parts) if parts else "—"


def row(label, u, lin, higher_better=False):
    return (f"| {label} | {u.text()} | {lin.text()} | "
            f"{ratio_text(u, lin, higher_better)} | {spread_text(u, lin)} |")


def image_sizes(umka, linux):
    """{kernel: (file bytes, loaded bytes)}: UmkaOS's ELF without its
    debug sections and the PT_LOAD sizes; Linux's bzImage as shipped
    and the init_size its boot header asks for."""
    out = {}
    spec = importlib.util.spec_from_file_location(
        "bench_boot", os.path.join(TOOLS, "bench-boot.py"))
    bb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bb)
    if umka and os.path.exists(umka):
        stripped = os.path.join(BUILD, "umka.stripped")
        ok = subprocess.run(["objcopy", "--strip-debug", umka, stripped],
                            capture_output=True).returncode == 0
        size = os.path.getsize(stripped if ok else umka)
        out["umka"] = (size, bb.image_sizes(umka)[1])
    if linux and os.path.exists(linux):
        size = os.path.getsize(linux)
        loaded = None
        with open(linux, "rb") as f:
            hdr = f.read(0x270)
        if len(hdr) >= 0x264 and hdr[0x202:0x206] == b"HdrS":
            version, = struct.unpack_from("<H", hdr, 0x206)
            if version >= 0x20a:
                loaded, = struct.unpack_from("<I", hdr, 0x260)
        out["linux"] = (size, loaded)
    return out


def sha256(path):
    """The first 12 hex digits of a file's SHA-256, or None."""
    if not path or not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:12]


def fixed_cell(v, failure="—"):
    return Cell([v] if v is not None else [], 1, failure)


def module_summary(runs):
    """"name time, ..." for the modules /init loaded: the median of each
    module's finit_module over the runs, in ms; errors by name."""
    times, errors, order = {}, {}, []
    for r in runs:
        for name, us, err in r.modules:
            if name not in order:
                order.append(name)
            if us is not None:
                times.setdefault(name, []).append(us / 1000)
            else:
                errors[name] = err
    parts = []
    for name in order:
        if name in times:
            parts.append(f"{name} {fmt_num(statistics.median(times[name]))}")
        else:
            parts.append(f"{name} error: {errors[name]}")
    return ", ".join(parts)


def disk_driver_report(by):
    """The "Disk driver" section: what loading the virtio-blk driver
    cost each kernel."""
    out = ["## Disk driver", "",
           "| figure | UmkaOS | Linux | ratio UmkaOS/Linux | spread |",
           "|---|---|---|---|---|"]
    labels = {
        "blk_driver_load": "virtio_blk: its finit_module in /init (ms)",
        "blk_drivers_load": "all the disk's drivers: first finit_module "
                            "to the end of the last, in /init (ms)",
        "blk_dev_ready": "virtio_blk's finit_module started → /dev/vda "
                         "opens (ms)",
    }
    for name in DISK_ROWS:
        cells = {k: cell_for(by[k], name,
                             lambda r, n=name: r.values[n]["median"] / 1000
                             if n in r.values else None)
                 for k in KERNELS}
        out.append(row(labels[name], cells["umka"], cells["linux"]))
    for field, label in (("kabi_loads", "virtio_blk load as UmkaOS's "
                          "kernel log times it (ms)"),
                         ("kabi_sigs", "… of which checking its "
                          "signature (ms)")):
        cells = {}
        for k in KERNELS:
            c = cell_for(by[k], field,
                         lambda r: getattr(r, field)["virtio_blk"] / 1000
                         if "virtio_blk" in getattr(r, field) else None)
            if c.value is None and k == "linux":
                c.failure = "— (no such log line)"
            elif c.value is None and not c.failure.startswith(
                    ("error:", "timeout", "not run")):
                c.failure = "— (not in the kabi: loaded line)"
            cells[k] = c
        out.append(row(label, cells["umka"], cells["linux"]))
    out.append("")
    for k in KERNELS:
        mods = module_summary(by[k])
        if mods:
            out.append(f"- {LABEL[k]} loads (median ms each): {mods}")
        kabi, sigs = {}, {}
        for r in by[k]:
            for name, us in r.kabi_loads.items():
                kabi.setdefault(name, []).append(us / 1000)
            for name, us in r.kabi_sigs.items():
                sigs.setdefault(name, []).append(us / 1000)
        if kabi:
            out.append(f"- {LABEL[k]}'s kernel log, `kabi: loaded` (median "
                       "ms; the signature check's part): " + ", ".join(
                           f"{n} {fmt_num(statistics.median(v))}" +
                           (f" ({fmt_num(statistics.median(sigs[n]))})"
                            if n in sigs else "")
                           for n, v in sorted(kabi.items())))
        klog = next((r.klog for r in by[k] if r.klog), None)
        if klog:
            out.append(f"- {LABEL[k]}'s kernel log about the disk (first "
                       "run): " + " · ".join(
                           "`" + x.replace("`", "'") + "`"
                           for x in klog[:4]))
    out.append("")
    out.append("/init loads the disk's drivers with finit_module(2) "
               "before the benchmarks: on UmkaOS its signed KABI "
               "virtio_blk driver, on Linux Debian's virtio_blk module "
               "after the modules it needs (the virtio core and ring, "
               "the PCI transport).  An finit_module includes reading "
               "and checking the file, linking or mapping it and the "
               "probe of the device when that happens inside the call; "
               "the /dev/vda figure adds whatever the kernel does after "
               "it returns (the disk's first reads, the node).  UmkaOS's "
               "own log line times only the load (signature, ELF checks, "
               "mapping), not the probe, and says how much of it the "
               "signature check took.  See docs/performance.md.")
    return out


def make_report(a, runs, names, info):
    """The markdown report, as a list of lines."""
    by = {k: [r for r in runs if r.kernel == k] for k in KERNELS}
    out = []
    out.append(f"# UmkaOS vs Linux benchmarks: {info['mode']}")
    out.append("")
    out.append(f"- Date: {info['date']}")
    out.append(f"- Commit: {info['commit']}")
    out.append(f"- QEMU: {info['qemu']}")
    out.append(f"- Host CPU: {info['cpu']}")
    out.append(f"- Machine (both kernels): `{info['machine']}`")
    out.append(f"- Kernel command line (both): `{info['cmdline']}`")
    out.append(f"- Disk (both): {info['disk']}")
    for k in KERNELS:
        extra = []
        if info["notes"].get(k):
            extra.append(info["notes"][k])
        if info["sha"].get(k):
            extra.append(f"image sha256 {info['sha'][k]}")
        uname = next((r.uname for r in by[k] if r.uname), None)
        if uname:
            extra.append(f"uname: {uname}")
        cs = next((r.clocksource for r in by[k] if r.clocksource), None)
        if cs:
            extra.append(f"clocksource: {cs}")
        out.append(f"- {LABEL[k]}: `{info['paths'][k]}`" +
                   (" — " + "; ".join(extra) if extra else ""))
    for k in KERNELS:
        rs = by[k]
        ok = sum(1 for r in rs if r.state == "ok")
        att = sum(1 for r in rs if r.state != "skipped")
        out.append(f"- {LABEL[k]} runs: {ok} completed of {att} attempted"
                   f" ({a.runs} planned)")
    if a.quick:
        out.append("- **BENCH_QUICK=1: short samples, for checking the "
                   "harness; not figures to quote.**")
    out.append("")
    out.append("Each figure is the median over runs of each run's median; "
               "the ratio is UmkaOS's cost over Linux's (below 1.0: "
               "UmkaOS is better; for rows marked ↑, where higher is "
               "better, it is Linux/UmkaOS); spread is the run-to-run "
               "range (max − min) over the median, U for UmkaOS and L "
               "for Linux.  See docs/performance.md.")
    out.append("")
    out.append("## Whole system")
    out.append("")
    out.append("| figure | UmkaOS | Linux | ratio UmkaOS/Linux | spread |")
    out.append("|---|---|---|---|---|")

    def kb(name):
        return lambda r: (r.values[name]["median"] / 1024
                          if name in r.values else None)

    cells = {k: cell_for(by[k], "boot_host",
                         lambda r: r.host_init_s * 1000
                         if r.host_init_s is not None else None)
             for k in KERNELS}
    out.append(row("QEMU launch → first /init line, host clock (ms)",
                   cells["umka"], cells["linux"]))
    cells = {k: cell_for(by[k], "boot_guest",
                         lambda r: r.guest_init_ns / 1e6
                         if r.guest_init_ns is not None else None)
             for k in KERNELS}
    out.append(row("/init started, guest CLOCK_MONOTONIC (ms)",
                   cells["umka"], cells["linux"]))
    for name, label, hb in (("boot_memfree", "MemFree after boot (MiB) ↑",
                             True),
                            ("boot_memtotal", "MemTotal (MiB)", True)):
        cells = {k: cell_for(by[k], name, kb(name)) for k in KERNELS}
        out.append(row(label, cells["umka"], cells["linux"], hb))
    sizes = info["sizes"]
    for idx, label in ((0, "kernel image file (KiB)"),
                       (1, "kernel memory at load (KiB)")):
        cells = {}
        for k in KERNELS:
            v = sizes.get(k, (None, None))[idx]
            cells[k] = fixed_cell(v / 1024 if v else None, "—")
        out.append(row(label, cells["umka"], cells["linux"]))
    out.append("")
    out.append("Image file: UmkaOS's ELF with debug sections stripped; "
               "Linux's compressed bzImage as Debian ships it (modules "
               "not counted).  Memory at load: UmkaOS's PT_LOAD sizes "
               "(text, data, bss); Linux's bzImage `init_size`.")
    out.append("")
    out += disk_driver_report(by)
    out.append("")
    out.append("## Operations")
    out.append("")
    out.append("| benchmark | UmkaOS median | Linux median | "
               "ratio UmkaOS/Linux | spread |")
    out.append("|---|---|---|---|---|")
    for prog, name, unit in names:
        hb = unit in HIGHER_IS_BETTER
        cells = {k: cell_for(by[k], name,
                             lambda r: r.values[name]["median"]
                             if name in r.values else None, prog)
                 for k in KERNELS}
        label = f"`{name}` ({unit}{' ↑' if hb else ''})"
        out.append(row(label, cells["umka"], cells["linux"], hb))
    out.append("")
    out.append("## Runs")
    out.append("")
    out.append("| # | kernel | result | s to /init (host) | wall s | "
               "host load | guest/host clock | notes |")
    out.append("|---|---|---|---|---|---|---|---|")
    for i, r in enumerate(runs, 1):
        notes = "; ".join(r.notes)
        if r.why:
            notes = r.why + ("; " + notes if notes else "")
        t = f"{r.host_init_s:.2f}" if r.host_init_s is not None else "—"
        w = f"{r.seconds:.1f}" if r.seconds is not None else "—"
        ld = f"{r.load:.1f}" if r.load is not None else "—"
        cr = clock_rate(r)
        cr = f"{cr:.3f}" if cr is not None and not a.icount else "—"
        out.append(f"| {i} | {LABEL[r.kernel]} | {r.state} | {t} | {w} | "
                   f"{ld} | {cr} | {notes.replace('|', '/')} |")
    out.append("")
    if not a.icount:
        out.append("Guest/host clock: how far the guest's CLOCK_MONOTONIC "
                   "moved from the first /init line to BENCH-DONE, over "
                   "the host time between the two lines arriving.  Near "
                   "1.000 the guest's clock, which every figure above "
                   "relies on, is keeping time.")
        out.append("")
    busy = 1 if a.icount else a.smp
    out.append(f"Host load: the 1-minute load average when the run ended, "
               f"on {os.cpu_count()} host CPUs.  QEMU itself keeps up to "
               f"{busy} busy; clearly more means something else competed "
               f"with the guest" + (
                   ", which icount's figures do not see." if a.icount else
                   ", and wall-clock figures from that run are inflated."))
    out.append("")
    out.append("## Per-run medians")
    out.append("")
    done = [r for r in runs if r.state != "skipped"]
    out.append("| benchmark | " + " | ".join(
        f"{LABEL[r.kernel][0]}{i}" for i, r in enumerate(runs, 1)
        if r.state != "skipped") + " |")
    out.append("|---" * (len(done) + 1) + "|")
    for prog, name, unit in [("init", n, "us") for n in DISK_ROWS] + names:
        cells = []
        for r in done:
            if name in r.values:
                cells.append(fmt_num(r.values[name]["median"]))
            elif name in r.errors:
                cells.append("error")
            else:
                cells.append("timeout" if r.state == "timeout" else "error")
        out.append(f"| `{name}` | " + " | ".join(cells) + " |")
    errors = {}
    for r in done:
        for name, text in r.errors.items():
            errors.setdefault((r.kernel, name, text), 0)
            errors[(r.kernel, name, text)] += 1
    if errors:
        out.append("")
        out.append("## Errors reported by the benchmarks")
        out.append("")
        for (k, name, text), n in sorted(errors.items()):
            out.append(f"- {LABEL[k]} `{name}`: {text} ({n} runs)")
    failed = [r for r in done if r.state != "ok" and r.tail]
    if failed:
        out.append("")
        out.append("## Last serial lines of the first failed run of "
                   "each kernel")
        seen = set()
        for r in failed:
            if r.kernel in seen:
                continue
            seen.add(r.kernel)
            out.append("")
            out.append(f"{LABEL[r.kernel]} ({r.state}: {r.why}):")
            out.append("")
            out.append("```")
            out.append(r.tail.strip() or "(no output)")
            out.append("```")
    return out


# ----------------------------------------------------------------- main

def host_info():
    def cmd(*c):
        try:
            return subprocess.run(c, capture_output=True, text=True,
                                  cwd=ROOT).stdout.strip()
        except OSError:
            return ""
    commit = cmd("git", "rev-parse", "--short=12", "HEAD") or "unknown"
    if cmd("git", "status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    qv = cmd("qemu-system-x86_64", "--version").splitlines()
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"commit": commit, "qemu": qv[0] if qv else "unknown",
            "cpu": f"{cpu}, {os.cpu_count()} CPUs"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--runs", type=int, default=5,
                    help="boots of each kernel (default 5)")
    ap.add_argument("--icount", action="store_true",
                    help="deterministic: -icount shift=0,sleep=off")
    ap.add_argument("--smp", help="CPUs (default 2; 1 with --icount, "
                    "see docs/performance.md)")
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--accel", default="tcg")
    ap.add_argument("--timeout", type=float, default=600,
                    help="seconds a whole run may take")
    ap.add_argument("--init-timeout", type=float, default=60,
                    help="seconds from launch to /init's first line")
    ap.add_argument("--kernels", default="umka,linux",
                    help="which to boot: umka,linux (default both)")
    ap.add_argument("--umka", default=os.path.join(ROOT, "build", "umka"))
    ap.add_argument("--linux", help="vmlinuz (default: newest "
                    "/boot/vmlinuz-*, installing linux-image-amd64)")
    ap.add_argument("--no-build", action="store_true",
                    help="boot build/umka as it is")
    ap.add_argument("--all-runs", action="store_true",
                    help="do not give up on a kernel after two boots "
                    "that never reach /init")
    ap.add_argument("--quick", action="store_true",
                    help="BENCH_QUICK=1: short samples, to check the "
                    "harness; results go to build/bench/results")
    ap.add_argument("--out-dir", help="where the markdown goes "
                    "(default bench/results)")
    a = ap.parse_args()
    wanted = [k.strip() for k in a.kernels.split(",") if k.strip()]
    if any(k not in KERNELS for k in wanted) or not wanted:
        sys.exit("bench: --kernels takes umka and/or linux")
    if a.icount and a.accel != "tcg":
        sys.exit("bench: --icount needs --accel tcg")
    mode = "icount" if a.icount else a.accel
    if not a.smp:
        # QEMU 7.2's icount runs every vCPU in one thread, round-robin,
        # and Debian's Linux then hangs bringing up the second CPU.
        a.smp = "1" if a.icount else "2"
    out_dir = a.out_dir or (os.path.join(BUILD, "results") if a.quick
                            else RESULTS)

    umka_note = ""
    if "umka" in wanted and not a.no_build:
        log("bench: building the kernel")
        ok, tail = build_kernel()
        if not ok:
            umka_note = "error: build failed"
            log("bench: kernel build failed:\n" + tail)
    if "umka" in wanted and not umka_note and not os.path.exists(a.umka):
        umka_note = f"error: no kernel at {a.umka}"
    a.umka_snapshot = None
    if "umka" in wanted and not umka_note:
        # Every run boots this copy: build/umka may be rebuilt by someone
        # else while the runs go on.
        os.makedirs(BUILD, exist_ok=True)
        a.umka_snapshot = os.path.join(BUILD, "umka.under-test")
        shutil.copyfile(a.umka, a.umka_snapshot)
    if "linux" in wanted and not a.linux:
        a.linux = ensure_linux()
    if "linux" in wanted and not (a.linux and os.path.exists(a.linux)):
        sys.exit("bench: no Linux kernel (/boot/vmlinuz-*) and "
                 "linux-image-amd64 did not install one")

    log("bench: building the benchmarks and the initramfs")
    built = build_programs()
    names = measurement_names(built)
    # Both kernels' disk drivers go into the one initramfs both boot.
    modules, disk_notes = {}, []
    mods, why = umka_modules()
    if mods:
        modules["umka"] = mods
    elif "umka" in wanted:
        disk_notes.append(f"UmkaOS's disk driver: {why}")
    lin = a.linux or find_linux()
    mods, why = linux_modules(lin) if lin else (None, "no kernel")
    if mods:
        modules["linux"] = mods
    elif "linux" in wanted:
        disk_notes.append(f"Linux's disk modules: {why}")
    for note in disk_notes:
        log("bench: " + note)
    initrd = build_initramfs(built, modules=modules)
    extra = "BENCH_QUICK=1" if a.quick else ""

    runs = []
    misses = {k: 0 for k in KERNELS}
    for i in range(a.runs):
        order = list(KERNELS) if i % 2 == 0 else list(reversed(KERNELS))
        for k in order:
            if k not in wanted:
                continue
            if (k == "umka" and umka_note) or \
                    (misses[k] >= 2 and not a.all_runs):
                r = Run(k)  # skipped
                if k == "umka" and umka_note:
                    r.why = umka_note
                else:
                    r.why = "skipped: two boots never reached /init"
                runs.append(r)
                continue
            log(f"bench: run {i + 1}/{a.runs}: {LABEL[k]} ...")
            r = boot(k, initrd, a, extra)
            misses[k] = 0 if r.reached_init else misses[k] + 1
            runs.append(r)
            got = len(r.values)
            log(f"  {r.state}" + (f" ({r.why})" if r.why else "") +
                f", {got} figures, {len(r.errors)} errors, "
                f"{r.seconds:.1f} s" +
                (f", /init at {r.host_init_s:.2f} s"
                 if r.host_init_s is not None else ""))

    info = host_info()
    now = datetime.datetime.now(datetime.timezone.utc)
    info.update({
        "mode": {"icount": "deterministic (-icount shift=0,sleep=off)",
                 "tcg": "wall clock under TCG",
                 "kvm": "wall clock under KVM"}.get(mode, mode),
        "date": now.strftime("%Y-%m-%d %H:%M UTC"),
        "machine": " ".join(qemu.qemu_command(
            "<kernel>", a.smp, a.mem, a.accel, "<cmdline>",
            "<initramfs>", None, (ICOUNT if a.icount else []) +
            qemu.disk_args("<disk image>"))),
        "cmdline": CMDLINE + (" " + extra if extra else ""),
        "paths": {"umka": (os.path.relpath(a.umka, ROOT)
                           if os.path.abspath(a.umka).startswith(ROOT + "/")
                           else a.umka) if "umka" in wanted else "not run",
                  "linux": a.linux if "linux" in wanted else "not run"},
        "notes": {"umka": umka_note},
        "disk": (f"{DISK_SIZE >> 20} MiB raw image, sparse and new for "
                 f"every boot, in {disk_dir()}; /init loads " + "; ".join(
                     f"on {LABEL[k]} " + ", ".join(n for n, _ in mods)
                     for k, mods in sorted(modules.items())) +
                 "".join("; " + n for n in disk_notes)),
        "sha": {"umka": sha256(a.umka_snapshot),
                "linux": sha256(a.linux if "linux" in wanted else None)},
        "sizes": image_sizes(a.umka_snapshot,
                             a.linux if "linux" in wanted else None),
    })
    report = make_report(a, runs, names, info)
    text = "\n".join(report) + "\n"
    print()
    print(text)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{now:%Y-%m-%d}-{mode}.md")
    if os.path.exists(path):
        # A second run the same day keeps the first.
        path = os.path.join(out_dir, f"{now:%Y-%m-%d-%H%M}-{mode}.md")
    with open(path, "w") as f:
        f.write(text)
    shutil.copyfile(path, os.path.join(out_dir, "latest.md"))
    log(f"bench: wrote {os.path.relpath(path, ROOT)} and latest.md")


if __name__ == "__main__":
    main()
