"""Boot tests: the kernel boots and says what the foundation issue asks
for, and bad command lines get a message and a safe default."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

READY = r"kernel ready in"


def boot(root, cmdline, smp=2, **kw):
    return qemu.run_captured(kernel=os.path.join(root, "build/umka"),
                             smp=smp, cmdline=cmdline, stop_on=READY,
                             timeout=60, **kw)


def check(record, name, r, *needles, absent=()):
    text = r.text()
    missing = [n for n in needles if n not in text]
    present = [n for n in absent if n in text]
    ok = not r.timed_out and not missing and not present
    record(f"system/boot/{name}", ok,
           f"missing {missing} present {present}; last lines:\n{r.tail()}")


def run(root, record):
    r = boot(root, "console=ttyS0 loglevel=7 hello=world")
    check(record, "banner", r, "UmkaOS version", "Boot loader: PVH",
          "Command line: console=ttyS0 loglevel=7 hello=world",
          "Physical memory map:", "] usable", "kernel ready in")
    r = boot(root, "")
    check(record, "empty_cmdline", r, "Command line is empty: using defaults",
          "kernel ready in")
    r = boot(root, "console=ttyS0 umka.nosuchoption=1")
    check(record, "unknown_umka_option", r,
          "cmdline: unknown option 'umka.nosuchoption', ignored",
          "kernel ready in")
    r = boot(root, "console=ttyS0 loglevel=banana panic=x")
    check(record, "bad_values", r, "bad value for loglevel=: 'banana'",
          "bad value for panic=: 'x'", "kernel ready in")
    # QEMU passes a little over 4 KiB through PVH: enough to overflow.
    r = boot(root, "console=ttyS0 " + "x" * 4110)
    check(record, "oversized_cmdline", r, "Command line longer than 4095 bytes",
          "kernel ready in")
    # quiet hides even "kernel ready", so end the boot with a self-test.
    r = qemu.run_captured(kernel=os.path.join(root, "build/umka"),
                          cmdline="console=ttyS0 quiet umka.ktest=kallsyms",
                          timeout=60)
    record("system/boot/quiet", r.status == 0 and
           "Physical memory map:" not in r.text() and
           "PASS ktest/kallsyms" in r.text(), r.tail())
