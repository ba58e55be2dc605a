"""umkafs on /ukfs (issue 5, item 7), read with busybox over the serial
console: the virtio-rng driver loaded at boot from /lib/umka/drivers/
and the device it drives, a device no driver took, and the kabitest
driver appearing and disappearing with insmod and rmmod (bound to QEMU's
pci-testdev).  The script is tests/umkafs/run."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

VIRTIO_VENDOR = "0x1af4"
VIRTIO_RNG_MODERN = "0x1044"


def section(text, name):
    m = re.search(r"^== %s\n(.*?)(?=^== )" % re.escape(name), text,
                  re.S | re.M)
    return m.group(1) if m else ""


def checks(s):
    dev_name = s("drv_devices").strip()
    rm = s("rmmod")
    m = re.search(r"^version gone\n(.*?)^driver=", rm, re.S | re.M)
    after_rmmod = m.group(1).split() if m else None
    return {
        "mounted_at_boot":
            re.search(r"^umkafs /ukfs umkafs rw", s("mounts"), re.M)
            is not None,
        "in_proc_filesystems": s("filesystems") == "nodev\tumkafs\n",
        "kernel_version": re.fullmatch(r"\d+\.\d+\.\d+\n", s("version"))
            is not None,
        "kernel_dir": s("kernel").split() == ["devices", "drivers",
                                              "version"],
        "drivers_listed": s("drivers").split() == ["virtio_rng"],
        "driver_files": sorted(s("driver_files").split()) == sorted(
            ["version", "kabi_versions", "tier", "state", "devices",
             "crash_count", "load_time_us", "origin"]),
        "driver_version": s("drv_version") == "1.0.0\n",
        "driver_kabi_versions":
            re.search(r"^kabi_entropy \d+$", s("drv_kabi_versions"), re.M)
            is not None and
            re.search(r"^kabi_kernel_services \d+$",
                      s("drv_kabi_versions"), re.M) is not None,
        "driver_tier": s("drv_tier") == "0\n",
        "driver_state": s("drv_state") == "loaded\n",
        "driver_devices":
            re.fullmatch(r"pci:0000:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]",
                         dev_name) is not None,
        "driver_crash_count": s("drv_crash_count") == "0\n",
        "driver_load_time": re.fullmatch(r"\d+\n", s("drv_load_time_us"))
            is not None,
        "driver_origin":
            s("drv_origin") == "/lib/umka/drivers/virtio_rng.ko\n",
        "devices_listed": dev_name != "" and
            dev_name in s("devices").split() and
            "pci:0000:00:00.0" in s("devices").split(),
        "device_bus": s("dev_bus") == "pci\n",
        "device_ids": s("dev_vendor") == VIRTIO_VENDOR + "\n" and
            s("dev_device") == VIRTIO_RNG_MODERN + "\n" and
            re.fullmatch(r"0x[0-9a-f]{6}\n", s("dev_class")) is not None,
        "device_driver": s("dev_driver") == "virtio_rng\n",
        "device_state": s("dev_state") == "bound\n",
        "device_last_error": s("dev_last_error") == "0\n",
        # q35's host bridge: Intel, class 06 00 00, no driver.
        "unbound_device": s("host_bridge") ==
            "pci\n0x8086\n0x060000\nunbound\ndriver=[]\n",
        # The 16550 at COM1, whether or not a driver took it.
        "platform_device": re.fullmatch(r"platform\n0x3f8-0x3ff\n4\n"
                                        r"(unbound|bound)\n",
                                        s("platform")) is not None,
        "missing_names": s("missing") == "cat nonesuch failed\n",
        "insmod_appears": "status=0\n" in s("insmod") and
            "kabitest present\n" in s("insmod") and
            re.search(r"^bound=pci:\S+$", s("insmod"), re.M) is not None and
            "driver=kabitest state=bound\n" in s("insmod"),
        "rmmod_disappears": rm.startswith("status=0\n") and
            "version gone\n" in rm and "still present" not in rm and
            after_rmmod == ["virtio_rng"] and
            "driver=[] state=unbound\n" in rm,
        "second_mount": s("second_mount") == "virtio_rng\nstatus=0\n",
    }


def run(root, record):
    img = os.path.join(root, "build", "test-umkafs.cpio.gz")
    adds = [
        f"{os.path.join(root, 'tests', 'umkafs', 'run')}:test/run",
        f"{os.path.join(root, 'build', 'drivers', 'virtio_rng.ko')}:"
        "lib/umka/drivers/virtio_rng.ko",
        f"{os.path.join(root, 'build', 'test-drivers', 'kabitest.ko')}:"
        "lib/umka/test/kabitest.ko",
    ]
    qemu.initramfs(img, adds)
    r = qemu.run_captured(kernel=os.path.join(root, "build", "umka"), smp=2,
                          initrd=img, cmdline="console=ttyS0 quiet",
                          extra_args=qemu.rng_args() +
                          ["-device", "pci-testdev"],
                          stop_on=r"UMKA-TEST-DONE", timeout=180)
    text = r.text().replace("\r", "")
    done = "== end" in text
    record("umkafs/boot", done, r.tail(40))
    for name, ok in checks(lambda n: section(text, n)).items():
        record(f"umkafs/{name}", done and ok, r.tail(60))


if __name__ == "__main__":
    def show(name, ok, why=""):
        print(("PASS " if ok else "FAIL ") + name + ("" if ok else
                                                      "\n" + str(why)))
    run(os.path.join(os.path.dirname(__file__), "..", ".."), show)
