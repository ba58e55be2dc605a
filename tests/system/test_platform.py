"""Platform tests: ACPI finds as many CPUs as QEMU was given, the clocks
and the timer come up (also without an HPET), and typing on the serial port reaches the
kernel through the IOAPIC."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

READY = r"kernel ready in"
# Longer than the UART FIFO and the IRQ handler's burst.
LINE = "hello umka " + "0123456789" * 9


def kernel(root):
    return os.path.join(root, "build/umka")


def boot(root, smp, cmdline="console=ttyS0", **kw):
    return qemu.run_captured(kernel=kernel(root), smp=smp, cmdline=cmdline,
                             stop_on=READY, timeout=60, **kw)


def run(root, record):
    for smp in (1, 2, 4):
        r = boot(root, smp)
        text = r.text()
        m = re.search(r"ACPI: (\d+) CPUs", text)
        ok = (not r.timed_out and m is not None and int(m.group(1)) == smp
              and "tsc: Detected" in text and "rtc: " in text
              and "APIC: timer" in text and READY in text)
        record(f"system/platform/acpi_cpus@smp{smp}", ok,
               f"wanted 'ACPI: {smp} CPUs'; last lines:\n{r.tail()}")

    # No HPET: the TSC is calibrated against the PIT instead.
    r = qemu.run_captured(kernel=kernel(root), smp=1,
                          cmdline="console=ttyS0 umka.ktest=timer,lapic,clock",
                          timeout=60, extra=["-machine", "hpet=off"])
    record("system/platform/no_hpet", r.status == 0 and
           "calibrated against PIT" in r.text() and
           "FAIL" not in r.text(), r.tail())

    r = qemu.run_captured(kernel=kernel(root), smp=2,
                          cmdline="console=ttyS0 umka.ktest=serial_echo",
                          timeout=60,
                          send=[(r"serial_echo: waiting for input",
                                 LINE.encode() + b"\r")])
    record("system/platform/serial_input", r.status == 0 and
           f"serial_echo: got '{LINE}'" in r.text(), r.tail())
