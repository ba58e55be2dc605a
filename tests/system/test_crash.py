"""Fault reports and panic= handling: each case boots with umka.crash=<kind>
and checks the report a human would need, and that panic= is honoured
(-1 reboot at once, N reboot after N seconds, 0 halt)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402


def crash(root, kind, panic, timeout=60):
    return qemu.run_captured(kernel=os.path.join(root, "build/umka"), smp=1,
                             cmdline=f"console=ttyS0 panic={panic} "
                                     f"umka.crash={kind}",
                             timeout=timeout)


def check(record, name, r, needles, want_exit=True):
    text = r.text()
    missing = [n for n in needles if n not in text]
    exited = not r.timed_out
    ok = not missing and exited == want_exit
    record(f"system/crash/{name}", ok,
           f"missing {missing}, exited={exited}; last lines:\n{r.tail(40)}")


def run(root, record):
    r = crash(root, "page_fault", -1)
    check(record, "page_fault_report", r, [
        "page fault at 0xdead000: not-present write in kernel mode",
        "RIP: crash_page_fault+", "CR2: 0xdead000", "Call trace:",
        "crash_trigger+", "kernel_init+",
        "Kernel panic on CPU 0: fatal exception: page fault"])
    r = crash(root, "null_call", -1)
    check(record, "null_call_report", r, [
        "page fault at 0: not-present instruction fetch in kernel mode",
        "Kernel panic"])
    r = crash(root, "stack_overflow", -1)
    check(record, "stack_overflow_report", r, [
        "kernel stack overflow: guard page", "double fault",
        "recurse", "repeated", "Kernel panic"])
    r = crash(root, "lock_inversion", -1)
    check(record, "lock_inversion_names_both_sites", r, [
        "lock order violation: taking crash_outer (level 10) at "
        "kernel/crash.c:",
        "while holding crash_inner (level 11) taken at kernel/crash.c:"])
    r = crash(root, "bug", 1)
    check(record, "panic_reboot_after_timeout", r, [
        "BUG at kernel/crash.c", "Rebooting in 1 seconds"])
    r = crash(root, "bug", 0, timeout=8)
    check(record, "panic_zero_halts", r, ["end Kernel panic"],
          want_exit=False)
