#!/usr/bin/env python3
"""Run UmkaOS under QEMU: one place for the machine model and its flags.

As a library, run_captured() boots, collects serial output, enforces a
timeout and decodes the isa-debug-exit status.  As a script it is the
back end of `make run` and `make debug`.
"""
import argparse
import os
import re
import select
import subprocess
import sys
import time

# TCG by default: nested KVM hangs on some hosts.  With KVM a named model
# avoids QEMU 7.2 aborting on some AMD hosts with -cpu host.
CPU_MODEL = {"tcg": "max", "kvm": "EPYC-v2"}
DEBUG_EXIT = "isa-debug-exit,iobase=0xf4,iosize=0x04"


def qemu_command(kernel, smp=2, mem="256M", accel="tcg", cmdline="",
                 initrd=None, iso=None, extra=(), machine="q35",
                 extra_args=()):
    """extra and extra_args: more QEMU arguments, appended (two names for
    one thing; extra_args reads better at call sites).  machine: the
    -machine model, q35 unless a test wants another (pc: i440FX, no
    MCFG)."""
    cmd = ["qemu-system-x86_64", "-machine", machine, "-accel", accel,
           "-cpu", CPU_MODEL.get(accel, "max"), "-smp", str(smp),
           "-m", mem, "-display", "none", "-no-reboot",
           "-device", DEBUG_EXIT]
    if iso:
        cmd += ["-cdrom", iso, "-boot", "d"]
    else:
        cmd += ["-kernel", kernel, "-append", cmdline]
        if initrd:
            cmd += ["-initrd", initrd]
    return cmd + list(extra) + list(extra_args)


def disk_args(path, ident="vd0"):
    """A raw image as a modern virtio-blk disk (/dev/vda, vdb, ... in
    the order given)."""
    return ["-drive", f"file={path},if=none,id={ident},format=raw",
            "-device", f"virtio-blk-pci,drive={ident},disable-legacy=on"]


def rng_args():
    """A modern virtio-rng device fed from the host's /dev/urandom."""
    return ["-object", "rng-random,id=rng0,filename=/dev/urandom",
            "-device", "virtio-rng-pci,rng=rng0,disable-legacy=on"]


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def initramfs(out, adds=()):
    """Builds a test initramfs at out: Debian's busybox with its applet
    links, user/init.sh as /init, and adds, "SRC:DEST" pairs."""
    cmd = [sys.executable, os.path.join(ROOT, "tools", "mkinitramfs.py"),
           "-o", out, "--init", os.path.join(ROOT, "user", "init.sh")]
    for a in adds:
        cmd += ["--add", a]
    subprocess.run(cmd, check=True)


class Result:
    def __init__(self, lines, status, timed_out, seconds):
        self.lines = lines          # serial output, one string per line
        self.status = status        # guest status via isa-debug-exit, or None
        self.timed_out = timed_out
        self.seconds = seconds

    def text(self):
        return "\n".join(self.lines)

    def tail(self, n=25):
        return "\n".join(self.lines[-n:])


def _type_into(p, data):
    try:
        p.stdin.write(data)
        p.stdin.flush()
    except (BrokenPipeError, OSError):
        pass


def run_captured(timeout=60, stop_on=None, send=(), on_line=None,
                 expect_by=None, **kw):
    """Boot and capture COM1.  Stops when the guest exits, when a line
    matches the regex stop_on, or after timeout seconds (a failure).
    send: (regex, bytes) pairs, in order; when a serial line matches the
    next regex, its bytes are typed into COM1.  The line may be one still
    being written (a shell prompt, a full-screen program like vi that
    never ends its lines); each match only looks at what came after the
    previous one.
    on_line: if given, called as on_line(line, seconds since launch) for
    each complete line, as it arrives.
    expect_by: if given, (regex, seconds): when no line has matched regex
    that many seconds after launch, stop as if timed out."""
    cmd = qemu_command(**kw) + ["-serial", "stdio", "-monitor", "none"]
    start = time.monotonic()
    pending = [(re.compile(r), data) for r, data in send]
    expect = (re.compile(expect_by[0]), expect_by[1]) if expect_by else None
    p = subprocess.Popen(cmd,
                         stdin=subprocess.PIPE if pending else
                         subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    buf, lines, timed_out, matched = b"", [], False, False
    pat = re.compile(stop_on) if stop_on else None
    skip = 0    # bytes of the current line already used by a send match
    while True:
        left = timeout - (time.monotonic() - start)
        if expect:
            left = min(left, expect[1] - (time.monotonic() - start))
        if left <= 0:
            timed_out = True
            break
        r, _, _ = select.select([p.stdout], [], [], min(left, 1.0))
        if not r:
            continue
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            s = line.decode("utf-8", "replace").rstrip("\r")
            lines.append(s)
            if on_line:
                on_line(s, time.monotonic() - start)
            if expect and expect[0].search(s):
                expect = None
            # latin-1: one character per byte, so offsets are byte offsets.
            rest = line[skip:].decode("latin-1")
            skip = 0
            while pending:
                m = pending[0][0].search(rest)
                if not m:
                    break
                _type_into(p, pending.pop(0)[1])
                rest = rest[m.end():]
            if pat and pat.search(s):
                matched = True
        # The line being written: prompts, full-screen programs.
        while pending and not matched:
            rest = buf[skip:].decode("latin-1")
            m = pending[0][0].search(rest)
            if not m:
                break
            _type_into(p, pending.pop(0)[1])
            skip += m.end()
        if matched:
            break
    if buf:
        lines.append(buf.decode("utf-8", "replace").rstrip("\r"))
    if p.poll() is None:
        p.kill()
    rc = p.wait()
    if p.stdin:
        try:
            p.stdin.close()
        except OSError:
            pass
    status = None
    if not matched and not timed_out and rc > 0 and rc & 1:
        status = rc >> 1
    return Result(lines, status, timed_out, time.monotonic() - start)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--smp", default="2")
    ap.add_argument("--mem", default="256M")
    ap.add_argument("--accel", default="tcg")
    ap.add_argument("--cmdline", default="console=ttyS0")
    ap.add_argument("--initrd")
    ap.add_argument("--iso")
    ap.add_argument("--machine", default="q35")
    ap.add_argument("--gdb", action="store_true")
    ap.add_argument("--interactive", action="store_true")
    ap.add_argument("--disk", action="append", default=[],
                    help="raw image to attach as a virtio-blk disk")
    ap.add_argument("--no-rng", action="store_true",
                    help="leave out the virtio-rng device")
    a = ap.parse_args()
    extra = ["-S", "-s"] if a.gdb else []
    for i, path in enumerate(a.disk):
        extra += disk_args(path, f"vd{i}")
    if not a.no_rng:
        extra += rng_args()
    cmd = qemu_command(a.kernel, a.smp, a.mem, a.accel, a.cmdline,
                       a.initrd, a.iso, extra, machine=a.machine)
    cmd += ["-serial", "mon:stdio"]
    print("qemu: Ctrl-A X quits.  " + " ".join(cmd), file=sys.stderr)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
