"""Importer of Alive `.opt` files (Alive's InstCombine suite): one MLIR pair per transformation.

Each transformation goes through three steps, each of which may refuse it with a reason
(it is then reported `unknown`, and the rest of the file is still verified):
`alive_parse` reads it, `alive_types` infers its types (width variables and their
constraints, `verifier/generic.py`), `alive_emit` writes `@NAME_src` / `@NAME_tgt` in
`arith` (plus `math` and `irproof.width` for constant expressions, `irproof.assume` for
the precondition). Every pair is parsed on its own before it joins the module, so an
importer bug costs one transformation, not the file. Names are sanitized (`AddSub:1040` →
`AddSub_1040`, a leading digit gets a `_`) and made unique.

What is not imported, and why:

| Alive feature | reason |
|---|---|
| `undef` | arith has no undef value (Alive's undef is a fresh value per use) |
| alloca/load/store/getelementptr, pointer types, `null`, bitcast/ptrtoint/inttoptr | memory: arith has none |
| `computeKnownZeroBits`, `computeKnownOneBits`, `ComputeNumSignBits` | stand for LLVM analyses |
| `equivalentAddressValues`, `isSafeToLoadUnconditionally` | pointer/memory analyses |
| icmp with a predicate variable | no arith form |

Modelling choices (where Alive's encoding and MLIR's meet):

- Alive checks a transformation at every width its typing allows; a literal `v` needs
  `v.bit_length() + (v >= 0)` bits there (so `add %x, 1` is not checked at i1). Those
  bounds become width constraints (`"i1000 >= i2"`).
- Constant expressions are total, as in Alive's SMT encoding (see `alive_body.py`).
- A precondition about a register (`MaskedValueIsZero(%x, C)`, `isPowerOf2(%A)`, the
  WillNotOverflow family) is computed from its value; where that value is poison the
  predicate is poison and `irproof.assume` makes the source UB. Alive instead assumes the
  predicate of the value while keeping it poison, so such a transformation is checked for
  fewer inputs here (arith has no freeze to do otherwise).
- `hasOneUse` is true: it limits when LLVM applies a rewrite, not whether it is correct.
  An intermediate value both sides define is compared too (as Alive does), unless the
  precondition says it has one use (its only user is then rewritten with it).

LLVM and arith: for every op used here arith has LLVM's meaning (poison from `nsw`/`nuw`/
`exact` and from shift amounts >= the width, `select` taking only the chosen operand's
poison, UB for division by zero and INT_MIN / -1). A poison divisor is UB in both (LLVM
LangRef); arith also makes a poison dividend divided by -1 UB (it may be INT_MIN). Alive's
2015 model looked at values only there. No `incorrect` verdict of the InstCombine suite
depends on that: those verdicts are wrong under LLVM semantics too, and are listed with
replayed counterexamples in `tests/test_alive_suite.py`.
"""

from __future__ import annotations

import re

from xdsl.dialects.builtin import ModuleOp

from irproof.errors import InputError
from irproof.loading import parse_module
from irproof.verifier.importers import ImportedFile, ImportError_, joined, register_importer
from irproof.verifier.importers.alive_ast import AliveError
from irproof.verifier.importers.alive_emit import emit_pair
from irproof.verifier.importers.alive_parse import (
    RawTransformation,
    parse_transformation,
    split_transformations,
)
from irproof.verifier.importers.alive_types import infer_types

EMPTY_MODULE = "builtin.module {}"
"""What a file none of whose transformations has a pair becomes (empty text does not parse)."""


@register_importer(".opt")
def import_alive(path: str, text: str) -> ImportedFile:
    """Every transformation of an Alive file as a pair, or as (name, reason) if it has none."""
    raws = split_transformations(text)
    if not raws:
        raise ImportError_("no Alive transformation ('Name: ...', source, '=>', target)")
    names = _UniqueNames()
    pairs: list[str] = []
    modules: list[ModuleOp] = []
    unsupported: list[tuple[str, str]] = []
    for raw in raws:
        name = names.take(raw.name)
        try:
            pair, module = translate(raw, name, path)
            pairs.append(pair)
            modules.append(module)
        except AliveError as error:
            unsupported.append((name, str(error)))
        except InputError as error:
            unsupported.append((name, f"importer bug: the MLIR made of it is invalid: {error}"))
        except Exception as error:  # an importer bug must cost one transformation only
            unsupported.append((name, f"importer bug: {type(error).__name__}: {error}"))
    return ImportedFile("\n".join(pairs) or EMPTY_MODULE, unsupported, joined(modules))


def translate(raw: RawTransformation, name: str, path: str = "alive.opt") -> tuple[str, ModuleOp]:
    """The MLIR pair of one transformation, and the pair as it parsed (checked to parse and
    verify on its own)."""
    transformation = parse_transformation(raw)
    text = emit_pair(name, transformation, infer_types(transformation)).text
    return text, parse_module(f"{path} ({name}, line {raw.line})", text)


class _UniqueNames:
    """MLIR-safe, unique pair names: `AddSub:1040` → `AddSub_1040`, `152` → `_152`."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def take(self, alive_name: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_]+", "_", alive_name).strip("_") or "opt"
        if base[0].isdigit():
            base = f"_{base}"
        name, count = base, 1
        while name in self.taken:
            count += 1
            name = f"{base}_{count}"
        self.taken.add(name)
        return name
