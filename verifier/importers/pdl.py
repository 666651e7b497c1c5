"""PDL and PDLL rewrite patterns as src/tgt pairs.

A `.pdl` file holds `pdl.pattern`s in the form `mlir-pdll -x=mlir` prints them (locations
included); a `.pdll` file is first compiled with `mlir-pdll` (Debian package
`mlir-19-tools`). Each pattern becomes one pair, named after the pattern:

- the source function computes the matched op tree and returns the root's results:
  `pdl.operand`s are its arguments; an open `pdl.attribute` is a symbolic constant (an
  argument marked `irproof.not_poison`), an open cmpi predicate an `i64` argument (0-9),
  and open flags (`overflowFlags`, `isExact`, `nonNeg`) are `i1` arguments choosing between
  the flagged and unflagged op. Open flags of a matched op that nothing else reads, and that
  the target does not compute again, are left off instead: that is the least poisonous
  source (poison only spreads), so a rewrite right for it is right for every flag choice.
  Native constraints (`pdl_natives.py`) become `irproof.assume`s.
- the target function computes what `pdl.replace` puts in the root's place (ops the rewrite
  creates, native rewrites, matched values).
- open `pdl.type`s are width variables (`irproof.generic`, see `verifier/generic.py`),
  inferred from how the ops use them (`arith.cmpi` gives `i1`, `extui` a wider result).

Patterns that cannot be expressed this way are reported with the reason, never an error for
the file. `python -m irproof.verifier.importers.pdl FILE` prints the generated MLIR.
"""

from __future__ import annotations

import glob
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from xdsl.context import Context
from xdsl.dialects import pdl
from xdsl.dialects.builtin import ModuleOp
from xdsl.parser import Parser

from irproof.dialects.mlir.context import input_context
from irproof.errors import InputError
from irproof.loading import parse_error_message, parse_module
from irproof.verifier.importers import ImportedFile, ImportError_, joined, register_importer
from irproof.verifier.importers.pdl_natives import pdll_declarations
from irproof.verifier.importers.pdl_reader import Unsupported
from irproof.verifier.importers.pdl_writer import translate_pattern

MLIR_PDLL_DIRS = ["/usr/lib/llvm-*/bin"]
"""Where `mlir-pdll` is looked for when it is not on PATH (newest LLVM first)."""
INSTALL_HINT = "install it with `apt-get install mlir-19-tools` (or put mlir-pdll on PATH)"


# ---- reading the file ------------------------------------------------------------------


@register_importer(".pdl", ".pdll")
def import_pdl(path: str, text: str) -> ImportedFile:
    """Every `pdl.pattern` of a PDL (or, through mlir-pdll, PDLL) file as a pair."""
    source = text if path.endswith(".pdll") else None
    mlir = run_mlir_pdll(path, text) if source is not None else text
    module = parse_pdl(path, mlir, source)
    patterns = [op for op in module.walk() if isinstance(op, pdl.PatternOp)]
    if not patterns:
        raise ImportError_("no pdl.pattern in the file")
    pairs: list[str] = []
    modules: list[ModuleOp] = []
    unsupported: list[tuple[str, str]] = []
    for index, pattern in enumerate(patterns):
        name = pattern.sym_name.data if pattern.sym_name else f"pattern{index}"
        try:
            pair = translate_pattern(pattern, name)
            parsed = parse_module(path, pair)
        except Unsupported as why:
            unsupported.append((name, str(why)))
        except InputError as error:
            unsupported.append((name, f"the generated pair does not parse: {error}"))
        else:
            pairs.append(pair)
            modules.append(parsed)
    return ImportedFile("\n".join(pairs) or "builtin.module {}", unsupported, joined(modules))


def find_mlir_pdll() -> str | None:
    """`mlir-pdll` on PATH, else the newest one in `MLIR_PDLL_DIRS`."""
    found = shutil.which("mlir-pdll")
    if found:
        return found
    candidates = [p for d in MLIR_PDLL_DIRS for p in glob.glob(f"{d}/mlir-pdll")]
    return max(candidates, key=_llvm_version, default=None)


def _llvm_version(path: str) -> int:
    match = re.search(r"llvm-(\d+)", path)
    return int(match[1]) if match else 0


def run_mlir_pdll(path: str, text: str) -> str:
    """PDLL text → the PDL dialect (`mlir-pdll -x=mlir`), includes resolved next to `path`."""
    tool = find_mlir_pdll()
    if tool is None:
        raise ImportError_(f"mlir-pdll not found: {INSTALL_HINT}")
    include = str(Path(path).resolve().parent)
    run = subprocess.run(
        [tool, "-x=mlir", "-I", include, "-"], input=text, capture_output=True, text=True
    )
    if run.returncode != 0:
        errors = [line for line in run.stderr.splitlines() if "error" in line]
        message = (errors or run.stderr.splitlines() or ["failed"])[0]
        raise ImportError_(f"mlir-pdll: {message.replace('<stdin>', Path(path).name)}")
    return run.stdout


def pdl_context() -> Context:
    ctx = input_context()
    ctx.load_dialect(pdl.PDL)
    return ctx


def parse_pdl(path: str, mlir: str, pdll: str | None = None) -> ModuleOp:
    """Parse PDL text, without its locations; values named after the PDLL bindings."""
    text = strip_locations(mlir, pdll.splitlines() if pdll is not None else None)
    try:
        return Parser(pdl_context(), text, name=path).parse_module()
    except Exception as error:
        raise ImportError_(
            f"not PDL that irproof reads: {parse_error_message(path, error)}"
        ) from None


_LOC_ALIAS = re.compile(r'^(#loc\d*)\s*=\s*loc\("[^"]*":(\d+):(\d+)\)')
_DEFINITION = re.compile(r"^\s*(%\d+)\s*=")
_LOC_USE = re.compile(r"loc\((#loc\d*)\)")


def strip_locations(mlir: str, pdll: list[str] | None) -> str:
    """Drop `loc(...)` and `#loc` aliases (xDSL does not read them). With the PDLL text,
    rename `%N` to `%vN_name` where the location points at a binding `name`."""
    lines = mlir.splitlines()
    positions = {}
    for line in lines:
        match = _LOC_ALIAS.match(line)
        if match:
            positions[match[1]] = (int(match[2]), int(match[3]))
    out: list[str] = []
    renames: dict[str, str] = {}
    for line in lines:
        if line.startswith("#loc"):
            continue
        if "pdl.pattern" in line:
            renames = {}
        definition, use = _DEFINITION.match(line), _LOC_USE.search(line)
        if pdll is not None and definition and use and use[1] in positions:
            name = binding_name(pdll, *positions[use[1]])
            if name:
                renames[definition[1]] = f"%v{definition[1][1:]}_{name}"
        out.append(_no_argument_natives(_rename(_drop_locs(line), renames)))
    return "\n".join(out)


_NO_ARGUMENTS = re.compile(
    r'^(\s*)(?:(%\S+) = )?(?:pdl\.)?(apply_native_rewrite|apply_native_constraint) "(\w+)"'
    r"\s*(?:\(\s*\))?\s*(?::\s*(.+?))?\s*$"
)


def _no_argument_natives(line: str) -> str:
    """A native call without arguments in generic syntax (xDSL's custom parser wants one)."""
    match = _NO_ARGUMENTS.match(line)
    if match is None:
        return line
    indent, result, op, name, typ = match.groups()
    head = f"{result} = " if result else ""
    return f'{indent}{head}"pdl.{op}"() <{{name = "{name}"}}> : () -> ({typ or ""})'


def _rename(line: str, renames: dict[str, str]) -> str:
    return re.sub(r"%\d+\b", lambda m: renames.get(m[0], m[0]), line)


def _drop_locs(line: str) -> str:
    """Remove every `loc(...)` (balanced parentheses) from a line."""
    while (start := line.find(" loc(")) >= 0 or (start := line.find("loc(")) >= 0:
        depth, end = 0, start
        for end in range(line.index("(", start), len(line)):
            depth += {"(": 1, ")": -1}.get(line[end], 0)
            if depth == 0:
                break
        line = line[:start] + line[end + 1 :]
    return line


def binding_name(pdll: list[str], line: int, column: int) -> str | None:
    """The PDLL name bound at a location: `x` in `x: Value` there, or `root` in
    `let root = op<...>` when the location is the op."""
    if not 1 <= line <= len(pdll):
        return None
    text = pdll[line - 1]
    after, before = text[column - 1 :], text[: column - 1]
    match = re.match(r"([A-Za-z_]\w*)\s*:", after)
    if match and not after.startswith(("op<", "attr<", "type<")):
        return match[1]
    match = re.search(r"\blet\s+([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*$", before)
    return match[1] if match else None


def _main(argv: Sequence[str]) -> int:
    """Print the MLIR pairs a PDL/PDLL file becomes, and the unsupported patterns
    (`--declarations`: the PDLL declarations of the native vocabulary)."""
    if list(argv) == ["--declarations"]:
        print(pdll_declarations(), end="")
        return 0
    for path in argv:
        imported = import_pdl(path, Path(path).read_text())
        print(imported.mlir)
        for name, why in imported.unsupported:
            print(f"// unsupported {name}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
