#!/usr/bin/env python3
"""KABI IDL compiler: kabi/*.kabi -> C headers, checked against kabi/abi.lock.

    tools/kabi-gen.py [--out build/include] [--update-lock] [--frozen]
    tools/kabi-gen.py --compat --out build/include-v1 kabi/compat/v1/x.kabi

For every input file x.kabi it writes OUT/kabi/x.h, plus OUT/kabi/base.h
(the fixed-width types and the KABI_HAS() macro every header uses).

The ABI lock records the layout of every constant, type alias, callback,
struct and interface.  Each run compares the IDL against it and fails,
naming the field, when something already locked was moved, removed or
retyped, or when a method was appended to an interface without a new
version.  Compatible additions pass; they are written to the lock only
with --update-lock, and --frozen makes any unlocked addition an error
(what the test suite checks, so the committed lock is always complete).
--compat checks old snapshots of interfaces (kabi/compat/): each must be
a prefix of what the lock holds.  Given explicit FILES (without
--compat), a locked declaration missing from them is not reported as
removed, since it may live in another file: the build runs it on all of
kabi/*.kabi.

The IDL is described in docs/kabi.md.  Exit status: 0 on success, 1 on
an IDL or lock error (messages on stderr as file:line: message).
"""
import argparse
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SCALARS = {"u8": 1, "u16": 2, "u32": 4, "u64": 8,
           "s8": 1, "s16": 2, "s32": 4, "s64": 8, "char": 1}
POINTER_SIZE = 8
# Every vtable starts with these; the IDL does not spell them out.
VTABLE_HEADER = [("vtable_size", "u64", 8), ("version", "u32", 4),
                 ("reserved", "u32", 4)]
HEADER_SIZE = 16
C_KEYWORDS = set("""auto break case char const continue default do double
else enum extern float for goto if inline int long register restrict return
short signed sizeof static struct switch typedef union unsigned void volatile
while _Bool _Complex _Imaginary _Alignas _Alignof _Atomic _Generic _Noreturn
_Static_assert _Thread_local bool true false NULL""".split())
LOCK_BANNER = """\
# KABI ABI lock: the frozen layout of every constant, type, callback,
# struct and interface in kabi/*.kabi.  tools/kabi-gen.py compares the
# IDL with it on every run and rewrites it only with --update-lock.
# Do not edit by hand; columns are separated by tabs.
"""


class KabiError(Exception):
    pass


def rel(path):
    """A path as messages show it: relative to where the tool runs."""
    return os.path.relpath(path)


class Errors:
    """Collects every error of a run, so one run reports them all."""

    def __init__(self):
        self.msgs = []

    def add(self, where, msg):
        self.msgs.append(f"{where}: {msg}" if where else msg)

    def raise_if_any(self):
        if self.msgs:
            raise KabiError("\n".join(self.msgs))


# ---------------------------------------------------------------- lexer

TOKEN_RE = re.compile(r"""
    (?P<ws>[ \t\r]+)
  | (?P<nl>\n)
  | (?P<comment>\#[^\n]*)
  | (?P<num>0[xX][0-9a-fA-F]+|[0-9]+)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<str>"[^"\n]*")
  | (?P<punct>[{}()\[\];,=*:-])
""", re.VERBOSE)


class Token:
    def __init__(self, kind, text, line):
        self.kind, self.text, self.line = kind, text, line

    def __repr__(self):
        return f"{self.kind}:{self.text}@{self.line}"


def tokenize(text, path):
    """Tokens, and the comments by line: {line: (text, alone_on_line)}."""
    tokens, comments = [], {}
    line, pos, line_has_code = 1, 0, False
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m:
            raise KabiError(f"{rel(path)}:{line}: unexpected character "
                            f"{text[pos]!r}")
        kind = m.lastgroup
        if kind == "nl":
            line += 1
            line_has_code = False
        elif kind == "comment":
            comments[line] = (m.group()[1:].strip(), not line_has_code)
        elif kind != "ws":
            tokens.append(Token(kind, m.group(), line))
            line_has_code = True
        pos = m.end()
    tokens.append(Token("eof", "", line))
    return tokens, comments


# ---------------------------------------------------------------- model

class TypeRef:
    """A type as written: [const] base [*...]."""

    def __init__(self, base, const=False, ptr=0, is_struct=False):
        self.base, self.const, self.ptr = base, const, ptr
        self.is_struct = is_struct

    def spelled(self):
        s = ("const " if self.const else "") + \
            ("struct " if self.is_struct else "") + self.base
        return s + (" " + "*" * self.ptr if self.ptr else "")

    def decl(self, name):
        """A C declarator: 'const u8 *buf'."""
        s = self.spelled()
        return s + name if s.endswith("*") else f"{s} {name}"


class Doc:
    """The comments of a declaration: the block right above it, and one
    at the end of its (last) line.  first and end are the declaration's
    first line (counting the block) and last line, which tell whether a
    blank line separated it from its neighbour."""

    def __init__(self, above, trailing, first, end):
        self.above, self.trailing = above, trailing
        self.first, self.end = first, end


class Item:
    def __init__(self, kind, name, path, line, doc):
        self.kind, self.name, self.path, self.line = kind, name, path, line
        self.doc = doc

    @property
    def where(self):
        return f"{rel(self.path)}:{self.line}"


class Field:
    def __init__(self, name, type_, count, line, doc):
        self.name, self.type, self.count, self.line = name, type_, count, line
        self.doc = doc
        self.offset = self.size = None


class Method:
    def __init__(self, name, ret, params, since, line, doc):
        self.name, self.ret, self.params, self.since = name, ret, params, since
        self.line, self.doc = line, doc
        self.offset = None

    def signature(self):
        args = ", ".join(["void *"] + [t.spelled() for t, _ in self.params])
        return f"{self.ret.spelled()} (*)({args})"


# ---------------------------------------------------------------- parser

class Parser:
    def __init__(self, path):
        self.path = path
        with open(path) as f:
            self.tokens, self.comments = tokenize(f.read(), path)
        self.i = 0

    def peek(self, k=0):
        return self.tokens[self.i + k]

    def next(self):
        t = self.tokens[self.i]
        self.i += 1
        return t

    def fail(self, tok, msg):
        raise KabiError(f"{rel(self.path)}:{tok.line}: "
                        f"{msg}")

    def expect(self, text=None, kind=None):
        t = self.next()
        if (text is not None and t.text != text) or \
                (kind is not None and t.kind != kind):
            want = repr(text) if text is not None else kind
            self.fail(t, f"expected {want}, found {t.text or 'end of file'!r}")
        return t

    def name(self):
        t = self.expect(kind="ident")
        if t.text in C_KEYWORDS or t.text in SCALARS:
            self.fail(t, f"'{t.text}' is a reserved word")
        return t

    def doc_for(self, line, end_line=None):
        """The Doc of a declaration from line to end_line."""
        lines = []
        ln = line - 1
        while ln in self.comments and self.comments[ln][1]:
            lines.insert(0, self.comments[ln][0])
            ln -= 1
        first = ln + 1
        while lines and not lines[0]:
            lines.pop(0)
        end_line = line if end_line is None else end_line
        trailing = None
        if end_line in self.comments and not self.comments[end_line][1]:
            trailing = self.comments[end_line][0] or None
        return Doc(lines, trailing, first, end_line)

    def type_ref(self):
        const = False
        if self.peek().text == "const":
            self.next()
            const = True
        t = self.expect(kind="ident")
        is_struct = False
        if t.text == "struct":
            is_struct = True
            t = self.name()
        elif t.text not in SCALARS and t.text != "void" and \
                t.text in C_KEYWORDS:
            self.fail(t, f"'{t.text}' is not a KABI type (use u8..u64, "
                      "s8..s64, char, void, struct NAME or a declared name)")
        ptr = 0
        while self.peek().text == "*":
            self.next()
            ptr += 1
        ref = TypeRef(t.text, const, ptr, is_struct)
        ref.line = t.line
        return ref

    def params(self):
        self.expect("(")
        params = []
        if self.peek().text == "void" and self.peek(1).text == ")":
            self.next()
        while self.peek().text != ")":
            if params:
                self.expect(",")
            ty = self.type_ref()
            params.append((ty, self.name().text))
        self.expect(")")
        return params

    def int_value(self):
        neg = False
        if self.peek().text == "-":
            self.next()
            neg = True
        t = self.expect(kind="num")
        v = int(t.text, 0)
        return -v if neg else v

    def parse(self):
        items, imports = [], []
        while self.peek().kind != "eof":
            t = self.next()
            if t.text == "import":
                s = self.expect(kind="str")
                self.expect(";")
                imports.append((s.text[1:-1], t.line))
            elif t.text == "const":
                n = self.name()
                self.expect("=")
                v = self.int_value()
                end = self.expect(";")
                it = Item("const", n.text, self.path, t.line,
                          self.doc_for(t.line, end.line))
                it.value = v
                items.append(it)
            elif t.text == "type":
                n = self.name()
                self.expect("=")
                ty = self.type_ref()
                end = self.expect(";")
                it = Item("type", n.text, self.path, t.line,
                          self.doc_for(t.line, end.line))
                it.target = ty
                items.append(it)
            elif t.text == "callback":
                ret = self.type_ref()
                n = self.name()
                params = self.params()
                end = self.expect(";")
                it = Item("callback", n.text, self.path, t.line,
                          self.doc_for(t.line, end.line))
                it.method = Method(n.text, ret, params, 1, t.line, it.doc)
                items.append(it)
            elif t.text == "struct":
                items.append(self.struct_body(t))
            elif t.text == "interface":
                items.append(self.interface_body(t))
            else:
                self.fail(t, f"expected a declaration (import, const, type, "
                          f"callback, struct, interface), found {t.text!r}")
        return items, imports

    def struct_body(self, t):
        n = self.name()
        it = Item("struct", n.text, self.path, t.line, self.doc_for(t.line))
        it.fields = []
        self.expect("{")
        while self.peek().text != "}":
            ty = self.type_ref()
            fn = self.name()
            count = None
            if self.peek().text == "[":
                self.next()
                count = int(self.expect(kind="num").text, 0)
                if count < 1:
                    self.fail(fn, "an array needs at least one element")
                self.expect("]")
            end = self.expect(";")
            it.fields.append(Field(fn.text, ty, count, fn.line,
                                   self.doc_for(ty.line, end.line)))
        self.expect("}")
        it.doc.end = self.expect(";").line
        if not it.fields:
            self.fail(n, f"struct {n.text} has no fields")
        return it

    def interface_body(self, t):
        n = self.name()
        it = Item("interface", n.text, self.path, t.line,
                  self.doc_for(t.line))
        it.methods = []
        it.version = 0
        self.expect("{")
        while self.peek().text != "}":
            if self.peek().text == "version":
                v = self.next()
                num = int(self.expect(kind="num").text, 0)
                self.expect(":")
                if num != it.version + 1:
                    self.fail(v, f"interface {n.text}: version {num} follows "
                              f"version {it.version}; versions count up "
                              "from 1 by one")
                if it.version and not any(m.since == it.version
                                           for m in it.methods):
                    self.fail(v, f"interface {n.text}: version {it.version} "
                              "adds no method")
                it.version = num
                continue
            if not it.version:
                self.fail(self.peek(), f"interface {n.text}: methods must "
                          "follow a 'version N:' line")
            ret = self.type_ref()
            mn = self.name()
            params = self.params()
            end = self.expect(";")
            it.methods.append(Method(mn.text, ret, params, it.version,
                                     mn.line, self.doc_for(ret.line,
                                                           end.line)))
        close = self.expect("}")
        it.doc.end = self.expect(";").line
        if not it.methods:
            self.fail(n, f"interface {n.text} has no methods")
        if not any(m.since == it.version for m in it.methods):
            self.fail(close, f"interface {n.text}: version {it.version} adds "
                      "no method")
        return it


# ---------------------------------------------------------------- checking

class Model:
    """Every declaration of a set of files, resolved and laid out."""

    def __init__(self, paths, search_dirs):
        self.files = []                 # (path, items, imports) to emit
        self.items = {}                 # name -> Item, all loaded files
        self.loaded = {}
        errs = Errors()
        for p in paths:
            self.load(os.path.abspath(p), search_dirs, errs, emit=True)
        errs.raise_if_any()
        for it in self.items.values():
            self.check_item(it, errs)
        errs.raise_if_any()
        for it in self.items.values():
            self.layout(it, errs, set())
        errs.raise_if_any()

    def load(self, path, search_dirs, errs, emit):
        if path in self.loaded:
            if emit and path not in [f[0] for f in self.files]:
                self.files.append((path,) + self.loaded[path])
            return
        items, imports = Parser(path).parse()
        resolved = []
        for name, line in imports:
            cands = [os.path.join(os.path.dirname(path), name)] + \
                    [os.path.join(d, name) for d in search_dirs]
            found = next((c for c in cands if os.path.isfile(c)), None)
            if found is None:
                errs.add(f"{rel(path)}:{line}",
                         f"cannot find imported file {name!r}")
                continue
            resolved.append(os.path.abspath(found))
        self.loaded[path] = (items, resolved)
        for it in items:
            prev = self.items.get(it.name)
            if prev is not None:
                errs.add(it.where, f"'{it.name}' is already declared at "
                         f"{prev.where}")
                continue
            self.items[it.name] = it
        for imp in resolved:
            self.load(imp, search_dirs, errs, emit=False)
        if emit:
            self.files.append((path, items, resolved))

    def check_name(self, it, errs):
        want = "KABI_" if it.kind == "const" else "kabi_"
        if not it.name.startswith(want):
            errs.add(it.where, f"{it.kind} '{it.name}' must start with "
                     f"'{want}' (KABI names share one C namespace)")

    def reachable(self, path):
        """The files whose declarations path can use: itself and what it
        imports, directly or not (the generated #includes follow)."""
        seen, todo = set(), [path]
        while todo:
            p = todo.pop()
            if p not in seen:
                seen.add(p)
                todo += self.loaded[p][1]
        return seen

    def visible(self, decl, user, where, errs, what):
        if decl.path not in self.reachable(user):
            errs.add(where, f"{what}: '{decl.name}' is declared in "
                     f"{rel(decl.path)}; import it")

    def check_type(self, ty, where, errs, what, user, allow_void=False,
                   by_value_struct=False):
        """Is ty usable in file user?  Returns its kind, or None."""
        if ty.is_struct:
            st = self.items.get(ty.base)
            if st is not None and st.kind == "interface" and ty.ptr:
                # A vtable is reached through a pointer, never embedded.
                self.visible(st, user, where, errs, what)
                return "struct"
            if st is None or st.kind != "struct":
                errs.add(where, f"{what}: unknown struct '{ty.base}'")
                return None
            self.visible(st, user, where, errs, what)
            if not ty.ptr and not by_value_struct:
                errs.add(where, f"{what}: pass struct {ty.base} by pointer; "
                         "structs by value have no stable calling "
                         "convention")
            return "struct"
        if ty.base in SCALARS:
            return "scalar"
        if ty.base == "void":
            if not ty.ptr and not allow_void:
                errs.add(where, f"{what}: void only as a return type or "
                         "behind a pointer")
            return "void"
        it = self.items.get(ty.base)
        if it is None or it.kind not in ("type", "callback"):
            errs.add(where, f"{what}: unknown type '{ty.base}'")
            return None
        self.visible(it, user, where, errs, what)
        if it.kind == "callback" and ty.ptr:
            errs.add(where, f"{what}: '{ty.base}' is already a function "
                     "pointer")
        return it.kind

    def check_item(self, it, errs):
        self.check_name(it, errs)
        if it.kind == "type":
            if it.target.base not in SCALARS or it.target.ptr or \
                    it.target.const:
                errs.add(it.where, f"type {it.name}: an alias names a plain "
                         "scalar (u8..u64, s8..s64)")
        elif it.kind == "callback":
            self.check_method(it.method, it.where, errs, f"callback "
                              f"{it.name}", it.path)
        elif it.kind == "struct":
            seen = set()
            for f in it.fields:
                w = f"{rel(it.path)}:{f.line}"
                if f.name in seen:
                    errs.add(w, f"{it.name}.{f.name}: declared twice")
                seen.add(f.name)
                self.check_type(f.type, w, errs, f"{it.name}.{f.name}",
                                it.path, by_value_struct=True)
        elif it.kind == "interface":
            seen = set(n for n, _, _ in VTABLE_HEADER)
            for m in it.methods:
                w = f"{rel(it.path)}:{m.line}"
                if m.name in seen:
                    errs.add(w, f"{it.name}.{m.name}: name already used in "
                             "this vtable")
                seen.add(m.name)
                self.check_method(m, w, errs, f"{it.name}.{m.name}",
                                  it.path)

    def check_method(self, m, where, errs, what, user):
        self.check_type(m.ret, where, errs, f"{what} return", user,
                        allow_void=True)
        names = set()
        for ty, pn in m.params:
            if pn in names or pn == "ctx":
                errs.add(where, f"{what}: parameter '{pn}' "
                         + ("is implicit (every method gets void *ctx "
                            "first)" if pn == "ctx" else "declared twice"))
            names.add(pn)
            self.check_type(ty, where, errs, f"{what} parameter '{pn}'",
                            user)

    def size_align(self, ty, errs, where, stack):
        if ty.ptr:
            return POINTER_SIZE, POINTER_SIZE
        if ty.base in SCALARS:
            return SCALARS[ty.base], SCALARS[ty.base]
        it = self.items[ty.base]
        if it.kind == "type":
            return self.size_align(it.target, errs, where, stack)
        if it.kind == "callback":
            return POINTER_SIZE, POINTER_SIZE
        self.layout(it, errs, stack)
        return it.size, it.align

    def layout(self, it, errs, stack):
        if it.kind == "interface":
            off = HEADER_SIZE
            for m in it.methods:
                m.offset = off
                off += POINTER_SIZE
            it.size = off
            it.align = POINTER_SIZE
            it.sizes = {v: HEADER_SIZE + POINTER_SIZE *
                        sum(1 for m in it.methods if m.since <= v)
                        for v in range(1, it.version + 1)}
            return
        if it.kind != "struct" or getattr(it, "size", None) is not None:
            return
        if it.name in stack:
            errs.add(it.where, f"struct {it.name} contains itself")
            it.size, it.align = 0, 1
            return
        stack = stack | {it.name}
        off, align = 0, 1
        for f in it.fields:
            w = f"{rel(it.path)}:{f.line}"
            size, a = self.size_align(f.type, errs, w, stack)
            if off % a:
                errs.add(w, f"{it.name}.{f.name}: {a - off % a} bytes of "
                         f"implicit padding before it (offset {off}, "
                         f"alignment {a}); add an explicit reserved field")
                off += a - off % a
            f.offset = off
            f.size = size * (f.count or 1)
            off += f.size
            align = max(align, a)
        if off % align:
            errs.add(it.where, f"struct {it.name}: {align - off % align} "
                     "bytes of implicit tail padding; add an explicit "
                     "reserved field")
            off += align - off % align
        it.size, it.align = off, align


# ---------------------------------------------------------------- lock

def field_type(f):
    return f.type.spelled() + (f"[{f.count}]" if f.count else "")


def lock_entries(items):
    """The lock's view of declarations: {(kind, name): entry}."""
    out = {}
    for it in items:
        key = (it.kind, it.name)
        if it.kind == "const":
            out[key] = {"value": str(it.value)}
        elif it.kind == "type":
            out[key] = {"type": it.target.spelled()}
        elif it.kind == "callback":
            out[key] = {"type": it.method.signature()}
        elif it.kind == "struct":
            out[key] = {"size": it.size, "fields": [
                (f.offset, f.size, f.name, field_type(f), None)
                for f in it.fields]}
        elif it.kind == "interface":
            fields = []
            off = 0
            for n, t, s in VTABLE_HEADER:
                fields.append((off, s, n, t, 1))
                off += s
            for m in it.methods:
                fields.append((m.offset, POINTER_SIZE, m.name, m.signature(),
                               m.since))
            out[key] = {"size": it.size, "version": it.version,
                        "fields": fields}
    return out


KIND_ORDER = ["const", "type", "callback", "struct", "interface"]


def format_lock(entries):
    lines = [LOCK_BANNER.rstrip("\n")]
    for kind in KIND_ORDER:
        names = sorted(n for k, n in entries if k == kind)
        if not names:
            continue
        lines.append("")
        for n in names:
            e = entries[(kind, n)]
            if kind == "const":
                lines.append(f"const\t{n}\t{e['value']}")
            elif kind in ("type", "callback"):
                lines.append(f"{kind}\t{n}\t{e['type']}")
            elif kind == "struct":
                lines.append(f"struct\t{n}\tsize {e['size']}")
                for off, size, fn, ft, _ in e["fields"]:
                    lines.append(f"\tfield\t{off}\t{size}\t{fn}\t{ft}")
            else:
                lines.append(f"interface\t{n}\tversion {e['version']}\t"
                             f"size {e['size']}")
                for off, size, fn, ft, since in e["fields"]:
                    lines.append(f"\tfield\t{off}\t{size}\tv{since}\t{fn}\t"
                                 f"{ft}")
    return "\n".join(lines) + "\n"


def parse_lock(path):
    entries = {}
    if not os.path.exists(path):
        return entries
    cur = cur_kind = None
    with open(path) as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            try:
                if cols[0] == "":
                    if cur is None or cols[1] != "field":
                        raise ValueError
                    if cur_kind == "struct":
                        _, _, off, size, fn, ft = cols
                        cur["fields"].append((int(off), int(size), fn, ft,
                                              None))
                    else:
                        _, _, off, size, since, fn, ft = cols
                        cur["fields"].append((int(off), int(size), fn, ft,
                                              int(since[1:])))
                    continue
                kind, name = cols[0], cols[1]
                if kind == "const":
                    entries[(kind, name)] = {"value": cols[2]}
                    cur = None
                elif kind in ("type", "callback"):
                    entries[(kind, name)] = {"type": cols[2]}
                    cur = None
                elif kind == "struct":
                    cur, cur_kind = {"size": int(cols[2].split()[1]),
                                     "fields": []}, kind
                    entries[(kind, name)] = cur
                elif kind == "interface":
                    cur, cur_kind = {"version": int(cols[2].split()[1]),
                                     "size": int(cols[3].split()[1]),
                                     "fields": []}, kind
                    entries[(kind, name)] = cur
                else:
                    raise ValueError
            except (ValueError, IndexError):
                raise KabiError(f"{rel(path)}:{ln}: "
                                "malformed lock line (regenerate it with "
                                "--update-lock from a good IDL)")
    return entries


def compare(locked, current, where_of, compat=False, partial=False):
    """Errors for every incompatible difference, and whether current has
    anything the lock does not (an addition to record).  where_of maps
    (kind, name) and (kind, name, field) to file:line.  partial: current
    holds only some files, so a locked declaration it lacks may simply
    live in another one."""
    errs = Errors()
    additions = False
    for key, old in sorted(locked.items()):
        kind, name = key
        new = current.get(key)
        if new is None:
            if not compat and not partial:
                errs.add("", f"{kind} {name}: removed (it is in the ABI "
                         "lock; locked declarations are forever)")
            continue
        w = where_of[key]
        if kind == "const":
            if old["value"] != new["value"]:
                errs.add(w, f"const {name}: value changed from "
                         f"{old['value']} to {new['value']}")
            continue
        if kind in ("type", "callback"):
            if old["type"] != new["type"]:
                errs.add(w, f"{kind} {name}: retyped from '{old['type']}' "
                         f"to '{new['type']}'")
            continue
        what = "method" if kind == "interface" else "field"

        def fw(field):
            return where_of.get((kind, name, field), w)
        newf = {f[2]: f for f in new["fields"]}
        oldf = {f[2]: f for f in old["fields"]}
        for off, size, fn, ft, since in old["fields"]:
            nf = newf.get(fn)
            if nf is None:
                if compat and kind == "interface" and since > new["version"]:
                    continue
                held = [f[2] for f in new["fields"] if f[0] == off]
                errs.add(fw(fn), f"{name}.{fn}: {what} removed (was at offset "
                         f"{off}" + (f", where '{held[0]}' is now"
                                     if held else "") + ")")
                continue
            if nf[0] != off:
                errs.add(fw(fn), f"{name}.{fn}: {what} moved from offset "
                         f"{off} to {nf[0]}")
            if nf[3] != ft:
                errs.add(fw(fn), f"{name}.{fn}: {what} retyped from '{ft}' to "
                         f"'{nf[3]}'")
            elif nf[1] != size:
                errs.add(fw(fn), f"{name}.{fn}: size changed from {size} to "
                         f"{nf[1]}")
            if kind == "interface" and nf[4] != since:
                errs.add(fw(fn), f"{name}.{fn}: {what} moved from version "
                         f"{since} to version {nf[4]}")
        added = [f for f in new["fields"] if f[2] not in oldf]
        if kind == "struct":
            for f in added:
                errs.add(fw(f[2]), f"{name}.{f[2]}: field added to a locked "
                         "struct; struct layouts are frozen (declare a new "
                         "struct, and a method that takes it in a new "
                         "interface version)")
            if not added and new["size"] != old["size"]:
                errs.add(w, f"struct {name}: size changed from "
                         f"{old['size']} to {new['size']}")
            continue
        # Interfaces: the version may only grow, and what is new must sit
        # after every locked method, in versions the lock has not seen.
        if new["version"] < old["version"]:
            if not compat:
                errs.add(w, f"interface {name}: version went down from "
                         f"{old['version']} to {new['version']}")
        last_locked = max(f[0] for f in old["fields"])
        for f in added:
            if compat:
                errs.add(fw(f[2]), f"{name}.{f[2]}: not in the ABI lock; a "
                         "compatibility snapshot may only hold locked "
                         "methods")
            elif f[4] <= old["version"]:
                errs.add(fw(f[2]), f"{name}.{f[2]}: method appended without a "
                         f"version bump (version {old['version']} is locked; "
                         f"put 'version {old['version'] + 1}:' before it)")
            elif f[0] < last_locked:
                errs.add(fw(f[2]), f"{name}.{f[2]}: method inserted at offset "
                         f"{f[0]}, before locked methods; new methods go at "
                         "the end")
        if added or new["version"] != old["version"]:
            additions = True
    if not compat:
        for key in current:
            if key not in locked:
                additions = True
    return errs, additions


# ---------------------------------------------------------------- headers

BASE_H = """\
/* SPDX-License-Identifier: MIT */
/*
 * Generated by tools/kabi-gen.py: do not edit.
 *
 * What every KABI header needs: fixed-width types (the same as the
 * kernel's <umka/types.h>; C11 allows the identical typedefs twice) and
 * the checks for optional methods.  See docs/kabi.md.
 */
#ifndef KABI_BASE_H
#define KABI_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/*
 * Whether the vtable that ops points to has method m: the other side's
 * vtable_size covers the slot, and the slot is set.  Methods added after
 * version 1 may be missing or NULL; check before every call.
 */
#define KABI_HAS(ops, m)                                                 \\
	((ops)->vtable_size >=                                           \\
		 offsetof(__typeof__(*(ops)), m) + sizeof((ops)->m) &&   \\
	 (ops)->m != NULL)

/* The generated layout checks: the compiler must agree with the lock. */
#define KABI_ASSERT_FIELD(type, field, off, size)                        \\
	_Static_assert(offsetof(type, field) == (off) &&                 \\
			       sizeof(((type *)0)->field) == (size),     \\
		       #type "." #field " is not at offset " #off        \\
		       " with size " #size " (kabi/abi.lock)")
#define KABI_ASSERT_SIZE(type, size)                                     \\
	_Static_assert(sizeof(type) == (size),                           \\
		       #type " is not " #size " bytes (kabi/abi.lock)")

#endif
"""


def width(text):
    return len(text.expandtabs(8))


def c_comment(lines, indent=""):
    if not lines:
        return []
    if len(lines) == 1 and width(f"{indent}/* {lines[0]} */") <= 80:
        return [f"{indent}/* {lines[0]} */"]
    out = [f"{indent}/*"]
    out += [f"{indent} * {ln}".rstrip() for ln in lines]
    out.append(f"{indent} */")
    return out


def with_trailing(code, doc, column):
    """code followed by doc's end-of-line comment, at column when it fits;
    a comment that does not fit goes on the line above instead."""
    if not doc.trailing:
        return [code]
    pad = column - width(code)
    tabs = "\t" * max(1, (pad + 7) // 8) if pad > 0 else " "
    line = f"{code}{tabs}/* {doc.trailing} */"
    if width(line) <= 80:
        return [line]
    indent = code[:len(code) - len(code.lstrip())]
    return c_comment([doc.trailing], indent) + [code]


def documented(code_lines, doc, column, indent=""):
    """A declaration with its comments: the block above, then the code
    with the trailing comment on its last line."""
    out = c_comment(doc.above, indent)
    return out + code_lines[:-1] + with_trailing(code_lines[-1], doc, column)


def separated(prev, doc):
    """Whether the source put a blank line (or a comment block) between
    two declarations, which the header keeps."""
    return prev is None or doc.above or doc.first > prev.end + 1


def params_decl(m):
    return ", ".join(["void *ctx"] + [t.decl(n) for t, n in m.params])


def fn_pointer_decl(ret, name, m):
    r = ret.spelled()
    return f"{r}{'' if r.endswith('*') else ' '}(*{name})({params_decl(m)})"


def wrap_decl(text, indent):
    """Break a declaration longer than 80 columns after commas, with the
    continuation lines aligned just inside its parameter list."""
    if width(indent + text) <= 80:
        return [indent + text]
    start = text.find("(*")
    paren = text.index("(", text.index(")", start) + 1) if start >= 0 \
        else text.index("(")
    col = width(indent) + paren + 1
    pad = "\t" * (col // 8) + " " * (col % 8)
    parts = text[paren + 1:].split(", ")
    out, cur = [], indent + text[:paren + 1]
    for i, part in enumerate(parts):
        piece = part + ("," if i < len(parts) - 1 else "")
        cand = cur + ("" if cur.endswith("(") else " ") + piece
        if width(cand) > 80 and not cur.endswith("("):
            out.append(cur)
            cur = pad + piece
        else:
            cur = cand
    out.append(cur)
    return out


def macro_line(text):
    """text with a continuation backslash in column 73."""
    return text + " " * max(1, 72 - width(text)) + "\\"


def inline_fn(ret, name, params):
    """The first line(s) of a static inline definition; the name goes on
    its own line, Linux fashion, when everything does not fit."""
    head = f"static inline {ret} {name}({params})"
    if width(head) <= 80:
        return [head]
    return [f"static inline {ret}", f"{name}({params})"]


def emit_header(path, items, imports):
    stem = os.path.splitext(os.path.basename(path))[0]
    guard = f"KABI_{re.sub(r'[^A-Za-z0-9]', '_', stem).upper()}_H"
    src = os.path.relpath(path, ROOT)
    o = ["/* SPDX-License-Identifier: MIT */", "/*",
         f" * Generated by tools/kabi-gen.py from {src}: do not edit.",
         " * The layouts below are frozen by kabi/abi.lock; see docs/kabi.md.",
         " */", f"#ifndef {guard}", f"#define {guard}", "",
         "#include <kabi/base.h>"]
    for imp in imports:
        o.append("#include <kabi/"
                 f"{os.path.splitext(os.path.basename(imp))[0]}.h>")
    prev = None
    for it in items:
        if it.kind in ("struct", "interface") or \
                (prev is not None and prev.kind in ("struct", "interface")) \
                or separated(prev and prev.doc, it.doc):
            o.append("")
        if it.kind == "const":
            value = f"({it.value})" if it.value < 0 else str(it.value)
            o += documented([f"#define {it.name} {value}"], it.doc, 40)
        elif it.kind == "type":
            o += documented([f"typedef {it.target.spelled()} {it.name};"],
                            it.doc, 40)
        elif it.kind == "callback":
            m = it.method
            decl = f"typedef {fn_pointer_decl(m.ret, it.name, m)};"
            o += documented(wrap_decl(decl, ""), it.doc, 40)
        elif it.kind == "struct":
            o += emit_struct(it)
        elif it.kind == "interface":
            o += emit_interface(it)
        prev = it
    o += ["", f"#endif /* {guard} */", ""]
    return "\n".join(o)


def emit_struct(it):
    o = c_comment(it.doc.above) + [f"struct {it.name} {{"]
    prev = None
    for f in it.fields:
        if prev is not None and separated(prev.doc, f.doc):
            o.append("")
        decl = f.type.decl(f.name) + (f"[{f.count}]" if f.count else "")
        o += documented([f"\t{decl};"], f.doc, 32, "\t")
        prev = f
    o += ["};", ""]
    for f in it.fields:
        o.append(f"KABI_ASSERT_FIELD(struct {it.name}, {f.name}, {f.offset}, "
                 f"{f.size});")
    o.append(f"KABI_ASSERT_SIZE(struct {it.name}, {it.size});")
    return o


def emit_interface(it):
    up = it.name.upper()
    o = c_comment(it.doc.above) + [
        f"struct {it.name} {{",
        "\tu64 vtable_size;\t/* sizeof(struct) in the provider's build */",
        f"\tu32 version;\t\t/* the provider's {up}_VERSION */",
        "\tu32 reserved;\t\t/* zero */"]
    cur, prev = 0, None
    for m in it.methods:
        if m.since != cur:
            cur, prev = m.since, None
            o.append("")
            if cur == 1:
                o.append("\t/* Version 1: mandatory, never NULL. */")
            else:
                o += c_comment([f"Version {cur}: optional, absent from older "
                                "providers or NULL; call",
                                f"only after {it.name}_has_<method>()."],
                               "\t")
        elif prev is not None and separated(prev.doc, m.doc):
            o.append("")
        o += documented(wrap_decl(fn_pointer_decl(m.ret, m.name, m) + ";",
                                  "\t"), m.doc, 48, "\t")
        prev = m
    o += ["};", "", f"#define {up}_VERSION {it.version}"]
    for v in range(1, it.version + 1):
        o.append(f"#define {up}_SIZE_V{v} {it.sizes[v]}")
    o.append("")
    o += c_comment(["Starts the initializer of a vtable built against "
                    "this header:",
                    f"{{ {up}_INIT, .method = fn, ... }}"])
    o.append(macro_line(f"#define {up}_INIT"))
    o.append(macro_line(f"\t.vtable_size = sizeof(struct {it.name}),"))
    o.append(f"\t.version = {up}_VERSION")
    o.append("")
    off = 0
    for n, _, s in VTABLE_HEADER:
        o.append(f"KABI_ASSERT_FIELD(struct {it.name}, {n}, {off}, {s});")
        off += s
    for m in it.methods:
        o.append(f"KABI_ASSERT_FIELD(struct {it.name}, {m.name}, {m.offset}, "
                 f"{POINTER_SIZE});")
    o.append(f"KABI_ASSERT_SIZE(struct {it.name}, {it.size});")
    o.append("")
    v1 = [m for m in it.methods if m.since == 1]
    o += c_comment(["Whether a vtable from the other side can be used at "
                    "all: it covers",
                    "version 1 and sets every version 1 method."])
    o += inline_fn("bool", f"{it.name}_valid",
                   f"const struct {it.name} *ops")
    o.append("{")
    conds = [f"ops->vtable_size >= {up}_SIZE_V1"] + \
        [f"ops->{m.name} != NULL" for m in v1]
    o.append("\treturn " + " &&\n\t       ".join(conds) + ";")
    o.append("}")
    for m in it.methods:
        if m.since == 1:
            continue
        o.append("")
        o.append(f"/* {m.name}() arrived in version {m.since}: call it only "
                 "when this says so. */")
        o += inline_fn("bool", f"{it.name}_has_{m.name}",
                       f"const struct {it.name} *ops")
        o.append("{")
        o.append(f"\treturn KABI_HAS(ops, {m.name});")
        o.append("}")
    return o


def write_if_changed(path, text):
    """Leave the file (and its mtime) alone when nothing changed."""
    if os.path.exists(path):
        with open(path) as f:
            if f.read() == text:
                return False
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)
    return True


# ---------------------------------------------------------------- main

def run(argv=None, out=sys.stdout, err=sys.stderr):
    ap = argparse.ArgumentParser(description="KABI IDL to C headers, "
                                 "checked against the ABI lock.")
    ap.add_argument("files", nargs="*", help="IDL files (default: every "
                    "KABI_DIR/*.kabi)")
    ap.add_argument("--kabi-dir", default=os.path.join(ROOT, "kabi"),
                    help="where imports are also looked up, and the "
                    "default inputs (default kabi/)")
    ap.add_argument("--lock", help="the ABI lock (default "
                    "KABI_DIR/abi.lock)")
    ap.add_argument("--out", help="write OUT/kabi/<name>.h (default: "
                    "check only)")
    ap.add_argument("--update-lock", action="store_true",
                    help="record compatible additions in the lock")
    ap.add_argument("--frozen", action="store_true",
                    help="fail if the lock lacks anything the IDL declares")
    ap.add_argument("--compat", action="store_true",
                    help="the files are old snapshots: each must be a "
                    "prefix of the lock, which is never updated")
    a = ap.parse_args(argv)
    lock_path = a.lock or os.path.join(a.kabi_dir, "abi.lock")
    files = a.files or sorted(glob.glob(os.path.join(a.kabi_dir, "*.kabi")))
    if not files:
        print(f"kabi-gen: no .kabi files in {a.kabi_dir}", file=err)
        return 1
    if a.compat and a.update_lock:
        print("kabi-gen: --compat never updates the lock", file=err)
        return 1
    try:
        model = Model(files, [a.kabi_dir])
        emitted = set(p for p, _, _ in model.files)
        # The lock covers everything loaded in a normal run; in compat mode
        # only the snapshot files themselves are compared.
        items = [it for it in model.items.values()
                 if not a.compat or it.path in emitted]
        current = lock_entries(items)
        where_of = {}
        for it in items:
            where_of[(it.kind, it.name)] = it.where
            for sub in getattr(it, "fields", []) + getattr(it, "methods", []):
                where_of[(it.kind, it.name, sub.name)] = \
                    f"{rel(it.path)}:{sub.line}"
        locked = parse_lock(lock_path)
        errs, additions = compare(locked, current, where_of, a.compat,
                                  partial=bool(a.files))
        errs.raise_if_any()
        if a.update_lock:
            merged = dict(locked)
            merged.update(current)
            if write_if_changed(lock_path, format_lock(merged)):
                print(f"kabi-gen: updated {os.path.relpath(lock_path)}",
                      file=out)
        elif not a.compat and additions:
            if a.frozen:
                new = sorted(f"{k} {n}" for k, n in current
                             if (k, n) not in locked or
                             current[(k, n)] != locked[(k, n)])
                raise KabiError(f"{os.path.relpath(lock_path)} is out of "
                                "date; compatible additions not locked: "
                                + ", ".join(new) +
                                " (run tools/kabi-gen.py --update-lock)")
            else:
                print(f"kabi-gen: note: {os.path.relpath(lock_path)} lacks "
                      "compatible additions; record them with "
                      "--update-lock", file=err)
        if a.out:
            write_if_changed(os.path.join(a.out, "kabi", "base.h"), BASE_H)
            for path, its, imports in model.files:
                stem = os.path.splitext(os.path.basename(path))[0]
                write_if_changed(os.path.join(a.out, "kabi", stem + ".h"),
                                 emit_header(path, its, imports))
    except KabiError as e:
        for line in str(e).splitlines():
            print(f"kabi-gen: {line}", file=err)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(run())
