"""SMP: every CPU QEMU was given comes up ("smp: Brought up N CPUs", as
Linux prints it), a CPU that does not answer is reported and skipped
with the CPU numbers staying dense, and a panic on one CPU while another spins with
interrupts off still produces a whole report and exits (status 3 under
umka.ktest: the spinning CPU was stopped by an NMI)."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

READY = r"kernel ready in"


def kernel(root):
    return os.path.join(root, "build/umka")


def run(root, record):
    for smp in (1, 2, 4):
        r = qemu.run_captured(kernel=kernel(root), smp=smp,
                              cmdline="console=ttyS0", stop_on=READY,
                              timeout=60)
        text = r.text()
        m = re.search(r"smp: Brought up (\d+) CPUs?\b", text)
        booted = len(re.findall(r"x86: Booting CPU #\d+", text))
        ok = (not r.timed_out and m is not None and int(m.group(1)) == smp
              and booted == smp - 1 and "did not answer" not in text
              and READY in text)
        record(f"system/smp/brought_up@smp{smp}", ok,
               f"wanted 'smp: Brought up {smp} CPUs'; last lines:\n"
               f"{r.tail()}")

    for smp in (2, 4):
        r = qemu.run_captured(kernel=kernel(root), smp=smp,
                              cmdline="console=ttyS0 umka.ktest panic=-1 "
                                      "umka.crash=bug_other_cpu",
                              timeout=60)
        text = r.text()
        spin = re.search(r"crash: CPU (\d+) spins with interrupts off, "
                         r"BUG on CPU (\d+)", text)
        bug = re.search(r"Kernel panic on CPU (\d+): BUG at", text)
        ok = (r.status == 3 and spin is not None and bug is not None and
              spin.group(1) != spin.group(2) and
              bug.group(1) == spin.group(2) and "bug_thread+" in text and
              "end Kernel panic" in text)
        record(f"system/smp/panic_stops_other_cpus@smp{smp}", ok,
               f"status {r.status}; last lines:\n{r.tail(30)}")

    # APIC id 1 is made to park itself: CPUs 1 and 2 are APIC ids 2 and 3.
    r = qemu.run_captured(kernel=kernel(root), smp=4,
                          cmdline="console=ttyS0 umka.smp_noanswer=1 "
                                  "umka.ktest=smp_percpu,smp_call,"
                                  "smp_tlb,smp_kthreads",
                          timeout=90)
    text = r.text()
    ok = (r.status == 0 and "APIC id 1 did not answer" in text and
          "Booting CPU #1 (APIC id 2)" in text and
          "Booting CPU #2 (APIC id 3)" in text and
          "smp: Brought up 3 CPUs" in text and "FAIL" not in text and
          len(re.findall(r"PASS ktest/smp_", text)) >= 4)
    record("system/smp/dead_cpu_skipped", ok,
           f"status {r.status}; last lines:\n{r.tail(30)}")
