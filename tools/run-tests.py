#!/usr/bin/env python3
"""`make test`: every level of test, one summary line at the end.

Levels: build checks (gcc and clang, warning-free), host unit tests
(ASan+UBSan), in-kernel self-tests booted under QEMU with several CPU
counts, and system tests in tests/system/.  Every result is one line,
"PASS name" or "FAIL name: why"; the last line is "N passed, N failed".
"""
import glob
import importlib.util
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu  # noqa: E402

results = []


def record(name, ok, why=""):
    results.append((name, ok))
    print(f"PASS {name}" if ok else f"FAIL {name}: {why}", flush=True)


def make(*args, quiet=True):
    p = subprocess.run(["make", "-C", ROOT, *args], capture_output=True,
                       text=True)
    return p.returncode, p.stdout + p.stderr


def build_checks():
    rc, out = make("all")
    record("build/gcc", rc == 0, out[-2000:])
    rc2, out2 = make("all", "CC=clang")
    record("build/clang", rc2 == 0, out2[-2000:])
    return rc == 0


def host_tests():
    rc, out = make("host-tests")
    if rc != 0:
        record("host/build", False, out[-3000:])
        return
    for exe in sorted(glob.glob(os.path.join(ROOT, "build/host/test_*"))):
        p = subprocess.run([exe], capture_output=True, text=True,
                           timeout=300)
        seen = 0
        for line in p.stdout.splitlines():
            m = re.match(r"(PASS|FAIL) (\S+?)(?::\s*(.*))?$", line)
            if m:
                seen += 1
                record(m.group(2), m.group(1) == "PASS", m.group(3) or "")
        if p.returncode != 0 and "FAIL" not in p.stdout:
            record(f"host/{os.path.basename(exe)}", False,
                   f"exit {p.returncode}: {p.stderr[-2000:]}")
        elif seen == 0:
            record(f"host/{os.path.basename(exe)}", False, "ran no test")


def ktests(smp, only=""):
    ktest = "umka.ktest=" + only if only else "umka.ktest"
    r = qemu.run_captured(kernel=os.path.join(ROOT, "build/umka"), smp=smp,
                          mem="256M",
                          cmdline=f"console=ttyS0 {ktest} panic=-1",
                          timeout=240)
    seen = 0
    for line in r.lines:
        m = re.search(r"(PASS|FAIL) ktest/(\S+?)(?::\s*(.*))?$", line)
        if m:
            seen += 1
            record(f"ktest/{m.group(2)}@smp{smp}", m.group(1) == "PASS",
                   m.group(3) or "")
    ok = r.status == 0 and seen > 0 and not r.timed_out
    why = ("timed out" if r.timed_out else f"exit status {r.status}") + \
        "; last lines:\n" + r.tail()
    record(f"ktest/run@smp{smp}", ok, why)


def system_tests(only=""):
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/system/test_*.py"))):
        name = os.path.splitext(os.path.basename(path))[0]
        if only not in name:
            continue
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(mod)
            mod.run(ROOT, record)
        except Exception as e:  # a broken test is a failed test
            record(f"system/{name}", False, repr(e))


def only_some(levels, pattern):
    """`run-tests.py --only LEVEL[:PATTERN]` while working on one thing:
    LEVEL is host, ktest or system; PATTERN picks system test files
    (substring) or kernel self-tests (umka.ktest=PATTERN, at -smp 2)."""
    make("all")
    if levels == "host":
        host_tests()
    elif levels == "ktest":
        ktests(2, pattern)
    elif levels == "system":
        system_tests(pattern)
    else:
        sys.exit(f"--only: unknown level {levels!r}")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--only":
        level, _, pattern = sys.argv[2].partition(":")
        only_some(level, pattern)
    elif build_checks():
        make("all")  # leave the gcc build in place for the boot tests
        host_tests()
        for smp in (1, 2, 4):
            ktests(smp)
        system_tests()
    else:
        host_tests()
    passed = sum(1 for _, ok in results if ok)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
