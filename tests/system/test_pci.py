"""PCI enumeration, BAR sizing, MSI-X and INTx on machines with extra
devices: a modern-only virtio-rng, a transitional virtio-blk with a small
drive, a PCI-to-PCI bridge with an e1000 and a virtio-rng behind it, and
a PCIe root port with an e1000e behind it.  The kernel runs the PCI
self-tests (umka.ktest=pci) and the boot log is checked line by line:
IDs, classes, BAR ranges and sizes, the buses behind the bridges.

Three machines: q35 with ECAM (the MCFG table), q35 with umka.pci=legacy
(ports 0xcf8/0xcfc only; the devices found must be the same), and
-machine pc (i440FX: no MCFG at all, PIIX3 interrupt routing).  A fourth
boot reads /proc/bus/pci/devices from the busybox initramfs."""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

PCI_KTESTS = ["pci_msix_e1000e", "pci_intx_nic", "pci_msix_table",
              "pci_bar_sizing", "pci_ecam_matches_legacy",
              "pci_registry_for_each_stops", "pci_list_order_and_registry",
              "pci_enum_host_and_lpc"]
# -machine pc has an e1000, no e1000e: no MSI-X test there.
PC_KTESTS = [t for t in PCI_KTESTS if t not in ("pci_msix_e1000e",
                                                 "pci_msix_table")]


def extra_devices(disk):
    return ["-device", "virtio-rng-pci,disable-legacy=on,addr=3",
            "-drive", f"file={disk},if=none,id=d0,format=raw",
            "-device", "virtio-blk-pci,drive=d0,addr=4",
            "-device", "pci-bridge,id=br1,chassis_nr=1,addr=5",
            "-device", "e1000,bus=br1,addr=3",
            "-device", "virtio-rng-pci,bus=br1,addr=5",
            "-device", "pcie-root-port,id=rp1,chassis=2,addr=7",
            "-device", "e1000e,bus=rp1"]


def strip_time(line):
    return re.sub(r"^\[\s*\d+\.\d+\] ", "", line)


def pci_lines(lines):
    return [strip_time(x) for x in lines
            if re.match(r"^\[\s*\d+\.\d+\] pci ", x)]


def bars(lines, loc):
    """{bar: (kind, size, flags)} from the debug lines of one function."""
    out = {}
    for x in lines:
        m = re.search(r"pci %s: BAR (\d) \[(io |mem) 0x([0-9a-f]+)-0x([0-9a-f]+)"
                      r"((?: 64bit)?)((?: pref)?)\]" % re.escape(loc), x)
        if m:
            size = int(m.group(4), 16) - int(m.group(3), 16) + 1
            out[int(m.group(1))] = (m.group(2).strip(), size,
                                    (m.group(5) + m.group(6)).strip())
    return out


def ktest_results(lines):
    res = {}
    for x in lines:
        m = re.search(r"(PASS|FAIL) ktest/(\S+?)(?::\s*(.*))?$", x)
        if m:
            res[m.group(2)] = (m.group(1) == "PASS", m.group(3) or "")
    return res


def boot(root, cmdline, extra, machine="q35", timeout=120):
    return qemu.run_captured(kernel=os.path.join(root, "build/umka"),
                             smp=2, machine=machine, timeout=timeout,
                             cmdline="console=ttyS0 loglevel=8 panic=-1 " +
                             cmdline, extra_args=extra)


def record_ktests(record, prefix, r, names):
    res = ktest_results(r.lines)
    for t in names:
        ok, why = res.get(t, (False, "did not run"))
        record(f"{prefix}/{t}", ok, why or r.tail())
    record(f"{prefix}/exit", r.status == 0 and not r.timed_out,
           f"status {r.status}, timed out {r.timed_out}:\n" + r.tail())


def check_q35_log(record, r):
    text = r.text()
    lines = r.lines
    has = lambda pat: re.search(pat, text, re.M) is not None  # noqa: E731
    record("system/pci/ecam_window", has(r"PCI: ECAM \[mem 0xb0000000-0xbfffffff\] "
                                  r"for \[bus 00-ff\]"), r.tail())
    record("system/pci/host_bridge",
           has(r"pci 0000:00:00\.0: \[8086:29c0\] class 0x060000$"), text)
    record("system/pci/lpc",
           has(r"pci 0000:00:1f\.0: \[8086:2918\] class 0x060100$"), text)
    record("system/pci/virtio_rng_modern",
           has(r"pci 0000:00:03\.0: \[1af4:1044\] class 0x00ff00$") and
           bars(lines, "0000:00:03.0") == {1: ("mem", 0x1000, ""),
                                           4: ("mem", 0x4000, "64bit pref")},
           str(bars(lines, "0000:00:03.0")))
    blk = bars(lines, "0000:00:04.0")
    record("system/pci/virtio_blk",
           has(r"pci 0000:00:04\.0: \[1af4:1001\] class 0x010000$") and
           blk.get(0) == ("io", 0x80, "") and
           blk.get(1) == ("mem", 0x1000, "") and
           blk.get(4) == ("mem", 0x4000, "64bit pref"), str(blk))
    record("system/pci/e1000e_bars",
           bars(lines, "0000:00:02.0") == {0: ("mem", 0x20000, ""),
                                           1: ("mem", 0x20000, ""),
                                           2: ("io", 0x20, ""),
                                           3: ("mem", 0x4000, "")},
           str(bars(lines, "0000:00:02.0")))
    m = re.search(r"pci 0000:00:05\.0: PCI bridge to \[bus (\w\w)-(\w\w)\]",
                  text)
    sec = m.group(1) if m else "??"
    record("system/pci/bridge", m is not None and int(sec, 16) >= 1, text)
    record("system/pci/behind_bridge",
           has(r"pci 0000:%s:03\.0: \[8086:100e\] class 0x020000$" % sec) and
           has(r"pci 0000:%s:05\.0: \[1af4:1005\] class 0x00ff00$" % sec) and
           bars(lines, f"0000:{sec}:03.0") == {0: ("mem", 0x20000, ""),
                                                1: ("io", 0x40, "")},
           text)
    m = re.search(r"pci 0000:00:07\.0: PCI bridge to \[bus (\w\w)-(\w\w)\]",
                  text)
    rp = m.group(1) if m else "??"
    record("system/pci/behind_root_port",
           m is not None and int(rp, 16) > int(sec, 16) and
           has(r"pci 0000:%s:00\.0: \[8086:10d3\] class 0x020000$" % rp),
           text)
    record("system/pci/msix_on_virtio",
           has(r"pci_msix: 00:03\.0 \[1af4:1044\], 2 entries"), text)
    intx = re.findall(r"pci_intx: (\w\w):(\w\w)\.\d \[8086:\w+\] INTA "
                      r"GSI (\d+): 3 interrupts", text)
    record("system/pci/intx_three_nics",
           len(intx) == 3 and {b for b, _, _ in intx} == {"00", sec, rp} and
           len({g for _, _, g in intx}) == 3, str(intx))


def proc_devices(root, tmp, disk):
    script = os.path.join(tmp, "run")
    with open(script, "w") as f:
        f.write("#!/bin/sh\necho '== devices'\ncat /proc/bus/pci/devices\n"
                "echo '== end'\n")
    os.chmod(script, 0o755)
    img = os.path.join(tmp, "initrd.img")
    qemu.initramfs(img, [f"{script}:test/run"])
    return qemu.run_captured(kernel=os.path.join(root, "build/umka"), smp=2,
                             initrd=img, timeout=120,
                             cmdline="console=ttyS0 quiet",
                             stop_on=r"UMKA-TEST-DONE",
                             extra_args=extra_devices(disk))


def check_proc(record, r, nr_functions):
    text = r.text().replace("\r", "")
    m = re.search(r"^== devices\n(.*?)^== end", text, re.S | re.M)
    rows = [x.split("\t") for x in m.group(1).splitlines()] if m else []
    by_loc = {x[0]: x for x in rows if len(x) >= 17}
    e1000e = by_loc.get("0010", [])
    rng = by_loc.get("0018", [])
    ok = (len(rows) == nr_functions and
          all(len(x) == 18 for x in rows) and
          by_loc.get("0000", [None, None])[1] == "808629c0" and
          e1000e[1:3] == ["808610d3", "16"] and
          [int(v, 16) for v in e1000e[10:14]] == [0x20000, 0x20000, 0x20,
                                                  0x4000] and
          int(e1000e[5], 16) & 3 == 1 and
          rng[1] == "1af41044" and int(rng[7], 16) & 0xf == 0xc and
          int(rng[14], 16) == 0x4000)
    record("system/pci/proc_bus_pci_devices", ok,
           (m.group(1) if m else "") + r.tail())


def run(root, record):
    tmp = tempfile.mkdtemp(prefix="umka-pci-")
    try:
        disk = os.path.join(tmp, "disk.img")
        with open(disk, "wb") as f:
            f.truncate(1 << 20)
        extra = extra_devices(disk)

        r = boot(root, "umka.ktest=pci", extra)
        record_ktests(record, "system/pci/ecam", r, PCI_KTESTS)
        check_q35_log(record, r)
        ecam_devs = pci_lines(r.lines)
        nr_functions = len([x for x in ecam_devs if re.match(
            r"pci \S+: \[\w{4}:\w{4}\] class", x)])

        r = boot(root, "umka.ktest=pci umka.pci=legacy", extra)
        record_ktests(record, "system/pci/legacy", r, PCI_KTESTS)
        record("system/pci/legacy/ports",
               "PCI: configuration through ports 0xcf8/0xcfc "
               "(umka.pci=legacy)" in r.text(), r.tail())
        record("system/pci/legacy/same_devices",
               pci_lines(r.lines) == ecam_devs and len(ecam_devs) > 20,
               "\n".join(pci_lines(r.lines)))

        r = boot(root, "umka.ktest=" + ",".join(PC_KTESTS), [],
                 machine="pc")
        record_ktests(record, "system/pci/pc", r, PC_KTESTS)
        record("system/pci/pc/no_mcfg",
               "PCI: no MCFG: configuration through ports" in r.text() and
               re.search(r"pci 0000:00:00\.0: \[8086:1237\]", r.text())
               is not None, r.tail())

        if not os.path.exists("/bin/busybox"):
            record("system/pci/proc_bus_pci_devices", False,
                   "no /bin/busybox on the host")
            return
        check_proc(record, proc_devices(root, tmp, disk), nr_functions)
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    def show(name, ok, why=""):
        print(("PASS " if ok else "FAIL ") + name + ("" if ok else
                                                      "\n" + str(why)))
    run(os.path.join(os.path.dirname(__file__), "..", ".."), show)
