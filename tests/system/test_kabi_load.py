"""KABI driver loading in a running kernel (issue 5): busybox insmod and
rmmod (finit_module/init_module and delete_module) with the test driver
bound to QEMU's pci-testdev, and every kind of bad driver file refused
with a clear message and no side effect."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

BAD = {
    "unsigned.ko": "unsigned (no signature trailer)",
    "tampered.ko": "signature does not match the file",
    "badsig.ko": "signature does not match the file",
    "wrongkey.ko": "signed with a key this kernel does not trust",
    "malformed.ko": "not built for x86-64",
    "needs_newer.ko": "needs kabi_entropy version 3, this kernel offers 2",
}
EKEYREJECTED, ENOEXEC, EEXIST = 129, 8, 17


def build_initramfs(root, out):
    td = os.path.join(root, "build", "test-drivers")
    adds = [f"{os.path.join(root, 'tests', 'kabi', 'run')}:test/run"]
    for name in ("kabitest.ko", "needs_newer.ko"):
        adds.append(f"{os.path.join(td, name)}:lib/umka/test/{name}")
    for name in ("unsigned", "tampered", "badsig", "wrongkey", "malformed"):
        adds.append(f"{os.path.join(td, 'bad', name)}.ko:"
                    f"lib/umka/test/bad/{name}.ko")
    qemu.initramfs(out, adds)


def run(root, record):
    img = os.path.join(root, "build", "test-kabi-load.cpio.gz")
    build_initramfs(root, img)
    r = qemu.run_captured(kernel=os.path.join(root, "build", "umka"), smp=2,
                          initrd=img, cmdline="console=ttyS0",
                          extra_args=["-device", "pci-testdev"],
                          stop_on=r"UMKA-TEST-DONE", timeout=180)
    text = "\n".join(r.lines)
    status = {m.group(1): int(m.group(2)) for m in
              re.finditer(r"INSMOD (\S+) status=(\d+)", text)}
    # busybox insmod exits 1 on any failure: the reason is in the log.
    for name, why in BAD.items():
        refused = status.get(name) not in (None, 0)
        logged = f"kabi: refusing" in text and why in text
        record(f"kabi/load/refuses_{name[:-3]}", refused and logged,
               f"status {status.get(name)}; want log '{why}'\n{r.tail(40)}")
    record("kabi/load/refusal_leaves_nothing",
           "MODULES-BEFORE: 0" in text, r.tail(40))
    statuses = re.findall(r"INSMOD kabitest.ko status=(\d+)", text)
    record("kabi/load/insmod_loads_and_binds",
           statuses[:1] == ["0"] and "kabitest bound to pci:" in text,
           r.tail(40))
    record("kabi/load/second_insmod_is_refused",
           statuses[1:2] not in ([], ["0"]) and
           "a driver of that name is already loaded" in text, r.tail(40))
    m = re.search(r"kabitest: (\d+) checks passed, (\d+) failed", text)
    record("kabi/services/capability_checks",
           bool(m) and int(m.group(1)) >= 30 and m.group(2) == "0",
           "\n".join(l for l in r.lines if "kabitest" in l)[-3000:])
    record("kabi/load/proc_modules_lists_it",
           re.search(r"PROCMOD kabitest \d+ \d+", text) is not None,
           r.tail(40))
    record("kabi/load/rmmod_unbinds_and_frees",
           "RMMOD kabitest status=0" in text and "kabitest: removed" in text
           and "RMMOD again status=0" not in text, r.tail(40))
    record("kabi/load/reload_after_rmmod", statuses[2:3] == ["0"],
           r.tail(40))
    m = re.search(r"loaded kabitest 1\.0\.0 from \S+ in (\d+) us", text)
    record("kabi/load/load_time_logged", bool(m), r.tail(20))
