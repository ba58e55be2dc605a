"""The KABI host tools: the IDL generator with its ABI lock, and driver
signing.  No QEMU: everything runs on the host in a scratch directory.

- the generator is deterministic, and the committed kabi/abi.lock covers
  every declaration (--frozen);
- the generated headers compile warning-free with gcc and clang under the
  kernel's flags and the host's, and their _Static_asserts are live;
- moving, removing or retyping a locked field fails naming the field;
  appending a method without a version bump fails; appending with one
  passes, and reaches the lock only with --update-lock;
- the committed v1 copy of kabi_entropy_ops is a prefix of the locked
  layout, and a driver built against it works through the current
  header (run under ASan, so a read past its short vtable would be
  caught);
- tools/sign.py signs and verifies, and refuses tampered, re-keyed,
  truncated and unsigned files.
"""
import os
import shutil
import subprocess
import sys
import tempfile

KCFLAGS = ["-std=gnu11", "-ffreestanding", "-fno-pic", "-fno-pie",
           "-mcmodel=kernel", "-mno-red-zone", "-mno-mmx", "-mno-sse",
           "-mno-sse2", "-O2", "-Wall", "-Wextra", "-Werror",
           "-Wmissing-prototypes", "-Wstrict-prototypes", "-Wshadow", "-Wvla"]
HOSTCFLAGS = ["-std=gnu11", "-O1", "-Wall", "-Wextra", "-Werror",
              "-Wmissing-prototypes", "-Wstrict-prototypes", "-Wshadow"]

# Includes every generated header, next to the kernel's own types.
ALL_HEADERS_C = """\
#include <umka/types.h>
#include <kabi/common.h>
#include <kabi/kernel_services.h>
#include <kabi/block.h>
#include <kabi/console.h>
#include <kabi/entropy.h>
#include <kabi/net.h>

int kabi_headers_used(const struct kabi_kernel_services *ks,
		      const struct kabi_entropy_ops *ent);

int kabi_headers_used(const struct kabi_kernel_services *ks,
		      const struct kabi_entropy_ops *ent)
{
	return kabi_kernel_services_valid(ks) +
	       kabi_entropy_ops_has_quality(ent) + KABI_HAS(ent, read);
}
"""

# A driver written against the version 1 header: it knows nothing of
# quality(), so its vtable is 8 bytes shorter than today's.
V1_DRIVER_C = """\
#include <kabi/entropy.h>

_Static_assert(KABI_ENTROPY_OPS_VERSION == 1, "built against v1");

const struct kabi_entropy_ops *v1_driver(void);

static s32 v1_read(void *ctx, void *buf, u32 len)
{
	unsigned char *p = buf;

	for (u32 i = 0; i < len; i++)
		p[i] = (unsigned char)(*(int *)ctx + i);
	return (s32)len;
}

static const struct kabi_entropy_ops v1_ops = {
	KABI_ENTROPY_OPS_INIT,
	.read = v1_read,
};

const struct kabi_entropy_ops *v1_driver(void)
{
	return &v1_ops;
}
"""

# Core, built against the current header, using both kinds of driver.
V2_CORE_C = """\
#include <stdio.h>
#include <kabi/entropy.h>

_Static_assert(KABI_ENTROPY_OPS_VERSION >= 2, "built against v2 or later");

const struct kabi_entropy_ops *v1_driver(void);

static s32 v2_read(void *ctx, void *buf, u32 len)
{
	return 0;
}

static u32 v2_quality(void *ctx)
{
	return 512;
}

static const struct kabi_entropy_ops v2_ops = {
	KABI_ENTROPY_OPS_INIT,
	.read = v2_read,
	.quality = v2_quality,
};

/* What Core would do with an entropy driver it was handed. */
static int credit(const struct kabi_entropy_ops *ops, void *ctx)
{
	unsigned char buf[4];

	if (!kabi_entropy_ops_valid(ops))
		return -1;
	if (ops->read(ctx, buf, sizeof(buf)) < 0)
		return -1;
	return kabi_entropy_ops_has_quality(ops) ? (int)ops->quality(ctx) : 1;
}

int main(void)
{
	const struct kabi_entropy_ops *old = v1_driver();
	int seed = 40;
	unsigned char buf[3];

	if (old->vtable_size != KABI_ENTROPY_OPS_SIZE_V1 || old->version != 1)
		return printf("v1 header: size %llu version %u\\n",
			      (unsigned long long)old->vtable_size,
			      old->version), 1;
	if (old->read(&seed, buf, 3) != 3 || buf[0] != 40 || buf[2] != 42)
		return printf("v1 read through the v2 layout failed\\n"), 1;
	if (credit(old, &seed) != 1)
		return printf("v1 driver: quality() seen\\n"), 1;
	if (credit(&v2_ops, NULL) != 512)
		return printf("v2 driver: quality() not seen\\n"), 1;
	printf("ok\\n");
	return 0;
}
"""


def sh(cmd, cwd=None, env=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                       env=env)
    return p.returncode, p.stdout + p.stderr


class Kabi:
    """Runs tools/kabi-gen.py on a scratch copy of kabi/."""

    def __init__(self, root, scratch):
        self.root, self.gen = root, os.path.join(root, "tools", "kabi-gen.py")
        self.dir = os.path.join(scratch, "kabi")
        shutil.copytree(os.path.join(root, "kabi"), self.dir)
        self.pristine = {f: self.read(f) for f in os.listdir(self.dir)
                         if f.endswith(".kabi") or f == "abi.lock"}

    def path(self, name):
        return os.path.join(self.dir, name)

    def read(self, name):
        with open(self.path(name)) as f:
            return f.read()

    def write(self, name, text):
        with open(self.path(name), "w") as f:
            f.write(text)

    def edit(self, name, old, new):
        text = self.read(name)
        if old not in text:
            raise AssertionError(f"{name}: {old!r} not found")
        self.write(name, text.replace(old, new, 1))

    def reset(self):
        for name, text in self.pristine.items():
            self.write(name, text)

    def run(self, *args):
        return sh([sys.executable, self.gen, "--kabi-dir", self.dir, *args])


def check_fails(record, name, rc_out, *needles):
    """name failed (non-zero exit) saying every one of needles."""
    rc, out = rc_out
    missing = [n for n in needles if n not in out]
    record(f"system/{name}", rc != 0 and not missing,
           f"exit {rc}, missing {missing} in:\n{out[-1500:]}")


def generator_tests(root, record, scratch):
    gen = os.path.join(root, "tools", "kabi-gen.py")
    out_a, out_b = os.path.join(scratch, "a"), os.path.join(scratch, "b")
    rc1, o1 = sh([sys.executable, gen, "--frozen", "--out", out_a])
    rc2, o2 = sh([sys.executable, gen, "--frozen", "--out", out_b])
    same = rc1 == rc2 == 0
    if same:
        fa, fb = sorted(os.listdir(os.path.join(out_a, "kabi"))), \
            sorted(os.listdir(os.path.join(out_b, "kabi")))
        same = fa == fb and len(fa) >= 7 and all(
            open(os.path.join(out_a, "kabi", f), "rb").read() ==
            open(os.path.join(out_b, "kabi", f), "rb").read() for f in fa)
    record("system/kabi/committed_lock_is_complete", rc1 == 0, o1[-1500:])
    record("system/kabi/generation_is_deterministic", same, o1 + o2)
    if rc1 != 0:
        return None

    # The committed IDL compiles, under the kernel's flags and the host's.
    src = os.path.join(scratch, "all_headers.c")
    with open(src, "w") as f:
        f.write(ALL_HEADERS_C)
    inc = ["-I" + out_a, "-I" + os.path.join(root, "include")]
    for cc in ("gcc", "clang"):
        rc, out = sh([cc, *KCFLAGS, *inc, "-c", src, "-o", os.devnull])
        record(f"system/kabi/headers_compile_kernel_{cc}", rc == 0, out)
        rc, out = sh([cc, *HOSTCFLAGS, *inc, "-c", src, "-o", os.devnull])
        record(f"system/kabi/headers_compile_host_{cc}", rc == 0, out)

    # The static asserts are live: a header whose layout disagrees with
    # one of its asserts must not compile.
    bad = os.path.join(scratch, "bad")
    shutil.copytree(out_a, bad)
    h = os.path.join(bad, "kabi", "block.h")
    text = open(h).read()
    needle = "KABI_ASSERT_FIELD(struct kabi_block_ops, submit, 24, 8);"
    ok = needle in text
    if ok:
        with open(h, "w") as f:
            f.write(text.replace(needle, needle.replace("24, 8", "32, 8")))
        rc, out = sh(["gcc", *KCFLAGS, "-I" + bad, "-I" + os.path.join(
            root, "include"), "-c", src, "-o", os.devnull])
        ok = rc != 0 and "kabi_block_ops" in out and "submit" in out
    record("system/kabi/static_asserts_catch_layout_drift", ok,
           "a wrong offset assert compiled" if needle in text
           else f"{needle} not in block.h")

    # Lock checks, each on a fresh scratch copy of kabi/.
    k = Kabi(root, scratch)
    rc, out = k.run()
    record("system/kabi/scratch_copy_passes", rc == 0, out)

    k.edit("block.kabi", "\ts32 get_info(struct kabi_block_info *info);\n",
           "")
    k.edit("block.kabi", "\ts32 poll(u32 queue);\n",
           "\ts32 poll(u32 queue);\n"
           "\ts32 get_info(struct kabi_block_info *info);\n")
    check_fails(record, "kabi/lock_rejects_moved_method", k.run(),
                "kabi_block_ops.get_info: method moved from offset 16 to 32")
    k.reset()

    k.edit("block.kabi", "\ts32 poll(u32 queue);\n", "")
    check_fails(record, "kabi/lock_rejects_removed_method", k.run(),
                "kabi_block_ops.poll: method removed (was at offset 32)")
    k.reset()

    k.edit("block.kabi", "s32 poll(u32 queue);", "s32 poll(u64 queue);")
    check_fails(record, "kabi/lock_rejects_retyped_method", k.run(),
                "kabi_block_ops.poll: method retyped from "
                "'s32 (*)(void *, u32)' to 's32 (*)(void *, u64)'")
    k.reset()

    k.edit("common.kabi", "\tu32 len;", "\ts32 len;")
    check_fails(record, "kabi/lock_rejects_retyped_struct_field", k.run(),
                "kabi_sg.len: field retyped from 'u32' to 's32'",
                "common.kabi:")
    k.reset()

    k.edit("common.kabi", "\tu64 dma_addr;\t\t# the address the device uses\n",
           "")
    k.edit("common.kabi", "\tu64 size;", "\tu64 dma_addr;\n\tu64 size;")
    check_fails(record, "kabi/lock_rejects_moved_struct_field", k.run(),
                "kabi_dma_buf.dma_addr: field moved from offset 8 to 16")
    k.reset()

    k.edit("common.kabi", "KABI_CLASS_NET = 4", "KABI_CLASS_NET = 5")
    check_fails(record, "kabi/lock_rejects_changed_constant", k.run(),
                "const KABI_CLASS_NET: value changed from 4 to 5")
    k.reset()

    k.edit("console.kabi", "\tvoid set_rx(u32 enable);\n",
           "\tvoid set_rx(u32 enable);\n\ts32 break_ctl(u32 on);\n")
    check_fails(record, "kabi/lock_rejects_append_without_version_bump",
                k.run(),
                "kabi_console_ops.break_ctl: method appended without a "
                "version bump (version 1 is locked; put 'version 2:'")
    k.reset()

    # entropy is at version 2 already: a third method needs version 3.
    k.edit("entropy.kabi", "\tu32 quality();\n",
           "\tu32 quality();\n\ts32 reseed();\n")
    check_fails(record, "kabi/lock_rejects_append_to_locked_version", k.run(),
                "kabi_entropy_ops.reseed: method appended without a version "
                "bump (version 2 is locked; put 'version 3:'")
    k.reset()

    # A compatible append: passes, but reaches the lock only on request.
    k.edit("console.kabi", "\tvoid set_rx(u32 enable);\n",
           "\tvoid set_rx(u32 enable);\n\nversion 2:\n"
           "\ts32 break_ctl(u32 on);\n")
    rc, out = k.run()
    ok = rc == 0 and k.read("abi.lock") == k.pristine["abi.lock"]
    record("system/kabi/append_with_version_bump_passes", ok,
           f"exit {rc}:\n{out}")
    check_fails(record, "kabi/frozen_rejects_unlocked_addition",
                k.run("--frozen"), "interface kabi_console_ops")
    rc, out = k.run("--update-lock")
    new_lock = k.read("abi.lock")
    old_lines = k.pristine["abi.lock"].splitlines()
    added = [ln for ln in new_lock.splitlines() if ln not in old_lines]
    rc2, out2 = k.run("--frozen")
    ok = rc == 0 and rc2 == 0 and any(
        "v2\tbreak_ctl\ts32 (*)(void *, u32)" in ln for ln in added) and \
        all(ln in new_lock.splitlines() for ln in old_lines
            if "kabi_console_ops\tversion" not in ln)
    record("system/kabi/update_lock_records_the_append", ok,
           f"exit {rc}/{rc2}, added {added}:\n{out}{out2}")
    # Once locked, the new method is as frozen as the rest.
    k.edit("console.kabi", "s32 break_ctl(u32 on);", "s32 break_ctl(u64 on);")
    check_fails(record, "kabi/lock_freezes_appended_method", k.run(),
                "kabi_console_ops.break_ctl: method retyped")
    k.reset()

    # IDL mistakes are reported with file and line.
    k.edit("net.kabi", "\tu16 reserved0;\n", "")
    check_fails(record, "kabi/idl_rejects_implicit_padding", k.run(),
                "net.kabi:", "kabi_net_info.mtu: 2 bytes of implicit padding")
    k.reset()
    k.edit("block.kabi", "s32 poll(u32 queue);", "s32 poll(u128 queue);")
    check_fails(record, "kabi/idl_rejects_unknown_type", k.run(),
                "block.kabi:", "unknown type 'u128'")
    k.reset()
    return out_a


def compat_tests(root, record, scratch, current_inc):
    gen = os.path.join(root, "tools", "kabi-gen.py")
    v1 = os.path.join(root, "kabi", "compat", "v1", "entropy.kabi")
    out_v1 = os.path.join(scratch, "v1")
    rc, out = sh([sys.executable, gen, "--compat", "--out", out_v1, v1])
    record("system/kabi/compat_v1_is_prefix_of_lock", rc == 0, out)
    if rc != 0:
        return

    # A snapshot that disagrees with the lock is caught.
    k = Kabi(root, os.path.join(scratch, "c"))
    bad_v1 = os.path.join(k.dir, "compat", "v1", "entropy.kabi")
    text = open(bad_v1).read()
    with open(bad_v1, "w") as f:
        f.write(text.replace("s32 read(void *buf, u32 len);",
                             "s32 read(void *buf, u64 len);"))
    check_fails(record, "kabi/compat_rejects_diverging_snapshot",
                k.run("--compat", bad_v1), "kabi_entropy_ops.read: method "
                "retyped")

    # The v1 driver, the v2 core, one program, under ASan and UBSan.
    d = os.path.join(scratch, "link")
    os.makedirs(d)
    for name, text in (("v1_driver.c", V1_DRIVER_C),
                       ("v2_core.c", V2_CORE_C)):
        with open(os.path.join(d, name), "w") as f:
            f.write(text)
    san = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
           "-Wno-unused-parameter"]
    for cc in ("gcc", "clang"):
        exe = os.path.join(d, f"prog-{cc}")
        steps = [
            [cc, *HOSTCFLAGS, *san, "-I" + out_v1, "-I" + current_inc, "-c",
             os.path.join(d, "v1_driver.c"), "-o", exe + "-v1.o"],
            [cc, *HOSTCFLAGS, *san, "-I" + current_inc, "-c",
             os.path.join(d, "v2_core.c"), "-o", exe + "-v2.o"],
            [cc, *san, exe + "-v1.o", exe + "-v2.o", "-o", exe],
            [exe],
        ]
        ok, out = True, ""
        for s in steps:
            rc, o = sh(s)
            out += o
            if rc != 0:
                ok = False
                break
        record(f"system/kabi/v1_driver_works_with_v2_core_{cc}",
               ok and out.strip().endswith("ok"), out[-2000:])


def sign_tests(root, record, scratch):
    tool = os.path.join(root, "tools", "sign.py")
    lib = os.path.join(scratch, "libumka-crypto.so")
    key = os.path.join(scratch, "keys", "dev.key")
    other = os.path.join(scratch, "keys", "other.key")

    def run(*args):
        return sh([sys.executable, tool, "--lib", lib, *args])

    rc, out = run("keygen", "--key", key)
    rc2, out2 = run("keygen", "--key", key)       # keeps the existing key
    mode = os.stat(key).st_mode & 0o777 if rc == 0 else 0
    record("system/sign/keygen", rc == 0 and rc2 == 0 and
           "kept existing" in out2 and mode == 0o600 and
           os.path.exists(key + ".pub"), out + out2 + f" mode {mode:o}")
    run("keygen", "--key", other)
    pub, other_pub = key + ".pub", other + ".pub"

    payload = os.path.join(scratch, "driver.elf")
    with open(payload, "wb") as f:
        f.write(b"\x7fELF" + bytes(range(256)) * 40)
    signed = os.path.join(scratch, "driver.signed")
    rc, out = run("sign", "--key", key, payload, "-o", signed)
    rc2, out2 = run("verify", "--pub", pub, signed)
    size_ok = rc == 0 and \
        os.path.getsize(signed) == os.path.getsize(payload) + 128
    record("system/sign/sign_and_verify", rc == 0 and rc2 == 0 and size_ok,
           out + out2)

    data = open(signed, "rb").read()
    cases = {
        "payload_byte": (len(data) // 2, "does not match"),
        "signature_byte": (len(data) - 10, "does not match"),
        "length_field": (len(data) - 128 + 24, "differs from the signed"),
    }
    for name, (off, why) in cases.items():
        bad = bytearray(data)
        bad[off] ^= 0x01
        path = os.path.join(scratch, f"tampered-{name}")
        with open(path, "wb") as f:
            f.write(bad)
        check_fails(record, f"sign/rejects_tampered_{name}",
                    run("verify", "--pub", pub, path), why)

    check_fails(record, "sign/rejects_other_key",
                run("verify", "--pub", other_pub, signed), "not by the "
                "trusted key")
    check_fails(record, "sign/rejects_unsigned",
                run("verify", "--pub", pub, payload), "not signed")
    trunc = os.path.join(scratch, "truncated")
    with open(trunc, "wb") as f:
        f.write(data[:-1])
    check_fails(record, "sign/rejects_truncated",
                run("verify", "--pub", pub, trunc), "not signed")
    check_fails(record, "sign/refuses_to_sign_twice",
                run("sign", "--key", key, signed), "already signed")

    stripped = os.path.join(scratch, "stripped")
    rc, out = run("strip", signed, "-o", stripped)
    record("system/sign/strip", rc == 0 and open(stripped, "rb").read() ==
           open(payload, "rb").read(), out)

    rc, out = run("sign", "--key", key, "--detached", payload)
    rc2, out2 = run("verify", "--pub", pub, "--sig", payload + ".sig",
                    payload)
    record("system/sign/detached", rc == 0 and rc2 == 0 and
           os.path.getsize(payload + ".sig") == 128, out + out2)

    rc, out = run("c-header", "--pub", pub)
    record("system/sign/c_header", rc == 0 and
           "static const u8 kabi_builtin_key[32]" in out, out)

    # An independent implementation agrees, when one is installed.
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import \
            Ed25519PublicKey
    except ImportError:
        return
    raw = bytes.fromhex(open(pub).read().split()[-1])
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(data[-64:],
                                                       data[:-64])
        ok, why = True, ""
    except Exception as e:      # InvalidSignature, or a bad key
        ok, why = False, repr(e)
    record("system/sign/cross_check_with_python_cryptography", ok, why)


def run(root, record):
    scratch = tempfile.mkdtemp(prefix="umka-kabi-test-")
    try:
        os.makedirs(os.path.join(scratch, "gen"))
        inc = generator_tests(root, record, os.path.join(scratch, "gen"))
        if inc:
            compat_tests(root, record, os.path.join(scratch, "compat"), inc)
        os.makedirs(os.path.join(scratch, "sign"))
        sign_tests(root, record, os.path.join(scratch, "sign"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
