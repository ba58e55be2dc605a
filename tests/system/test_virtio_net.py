"""virtio-net as a KABI driver (issue 5): two virtio-net devices on one
QEMU socket network exchange raw Ethernet frames through AF_PACKET
sockets (tests/net/pktpair.c, a static musl program)."""
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

RUN = """#!/bin/sh
/bin/pktpair
echo "PKTPAIR status=$?"
"""


def run(root, record):
    b = os.path.join(root, "build")
    script = os.path.join(b, "test-net.sh")
    with open(script, "w") as f:
        f.write(RUN)
    os.chmod(script, 0o755)
    img = os.path.join(b, "test-net.cpio.gz")
    qemu.initramfs(img, [f"{script}:test/run",
                         f"{os.path.join(b, 'progs', 'pktpair')}:bin/pktpair",
                         f"{os.path.join(b, 'drivers', 'virtio_net.ko')}:"
                         "lib/umka/drivers/virtio_net.ko"])
    port = random.randint(20000, 60000)
    net = []
    for i in (0, 1):
        net += ["-netdev", f"socket,id=n{i},mcast=230.0.0.1:{port}",
                "-device", f"virtio-net-pci,netdev=n{i},disable-legacy=on,"
                f"mac=52:54:00:12:34:{i + 1:02x}"]
    r = qemu.run_captured(kernel=os.path.join(b, "umka"), smp=2, initrd=img,
                          cmdline="console=ttyS0", extra_args=net,
                          stop_on=r"UMKA-TEST-DONE", timeout=180)
    text = r.text()
    record("virtio_net/two_interfaces_bound",
           "net: eth0: 52:54:00:12:34:01" in text and
           "net: eth1: 52:54:00:12:34:02" in text, r.tail(30))
    for a, b_ in (("eth0", "eth1"), ("eth1", "eth0")):
        record(f"virtio_net/frames_{a}_to_{b_}",
               f"{a} -> {b_}: 50 of 50 frames" in text, r.tail(30))
    m = re.search(r"pktpair: (\d+) checks, (\d+) failed", text)
    record("virtio_net/packet_socket_checks",
           bool(m) and m.group(2) == "0" and "PKTPAIR status=0" in text,
           "\n".join(l for l in r.lines if "FAIL" in l or "pktpair" in l)
           or r.tail(30))
