"""The op vocabulary of synthesis: one row per arith op, with its shape and element kernel.

Synthesis builds expression DAGs from these ops only (`--ops` picks a subset). A row says
how the op is typed (`binary`: (T, T) -> T, `cmp`: (T, T) -> i1 with a predicate, `select`:
(i1, T, T) -> T, `ext`/`trunc`: A -> B of another width), whether it commutes (the
enumerator then builds one operand order only) and how to compute one element.

Kernels are written here from the MLIR op documentation, separately from irproof's concrete
interpreter (`irproof.semantics.concrete`), against which `tests/test_synth_enumerate.py`
cross-checks them. A kernel sees non-poison unsigned operands and the width; it returns the
result, `None` for poison or `UB` for undefined behaviour. Division kernels see poison
operands too (`None`), because a poison divisor is UB rather than poison.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

UB = "ub"
"""What a kernel returns for undefined behaviour."""

Elem = int | None | str
"""One evaluated element: an unsigned int, `None` (poison) or `UB`."""

Kernel = Callable[[int, int, int], Elem]
DivKernel = Callable[[int | None, int | None, int], Elem]

CMP_PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")
"""`arith.cmpi` predicates in MLIR's order (its integer attribute value)."""


def signed(value: int, width: int) -> int:
    return value - (1 << width) if value >> (width - 1) else value


def _wrap(fn: Callable[[int, int], int]) -> Kernel:
    return lambda a, b, w: fn(a, b) & ((1 << w) - 1)


def _on_signed(fn: Callable[[int, int], int]) -> Kernel:
    return lambda a, b, w: fn(signed(a, w), signed(b, w)) & ((1 << w) - 1)


def _shl(a: int, b: int, w: int) -> Elem:
    return None if b >= w else (a << b) & ((1 << w) - 1)


def _shrui(a: int, b: int, w: int) -> Elem:
    return None if b >= w else a >> b


def _shrsi(a: int, b: int, w: int) -> Elem:
    return None if b >= w else (signed(a, w) >> b) & ((1 << w) - 1)


def _toward_zero(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _division(fn: Callable[[int, int], int], *, is_signed: bool) -> DivKernel:
    """UB on a zero or poison divisor, and (signed) on INT_MIN / -1, where a poison
    dividend may be INT_MIN; otherwise poison in, poison out."""

    def kernel(a: int | None, b: int | None, w: int) -> Elem:
        if b is None or b == 0:
            return UB
        if is_signed and b == (1 << w) - 1 and (a is None or a == 1 << (w - 1)):
            return UB
        if a is None:
            return None
        if is_signed:
            return fn(signed(a, w), signed(b, w)) & ((1 << w) - 1)
        return fn(a, b) & ((1 << w) - 1)

    return kernel


def _cmp(test: Callable[[int, int], bool], *, is_signed: bool) -> Kernel:
    if is_signed:
        return lambda a, b, w: int(test(signed(a, w), signed(b, w)))
    return lambda a, b, w: int(test(a, b))


@dataclass(frozen=True)
class OpSpec:
    """One op synthesis may use."""

    name: str
    shape: str
    """binary | division | cmp | select | ext | trunc"""
    commutative: bool = False
    kernel: Kernel | DivKernel | None = None
    signed_ext: bool = False


def _binary(name: str, kernel: Kernel, commutative: bool = False) -> OpSpec:
    return OpSpec(name, "binary", commutative, kernel)


def _div(name: str, fn: Callable[[int, int], int], is_signed: bool) -> OpSpec:
    return OpSpec(name, "division", False, _division(fn, is_signed=is_signed))


OPS: dict[str, OpSpec] = {
    spec.name: spec
    for spec in (
        _binary("arith.addi", _wrap(lambda a, b: a + b), True),
        _binary("arith.subi", _wrap(lambda a, b: a - b)),
        _binary("arith.muli", _wrap(lambda a, b: a * b), True),
        _binary("arith.andi", _wrap(lambda a, b: a & b), True),
        _binary("arith.ori", _wrap(lambda a, b: a | b), True),
        _binary("arith.xori", _wrap(lambda a, b: a ^ b), True),
        _binary("arith.shli", _shl),
        _binary("arith.shrui", _shrui),
        _binary("arith.shrsi", _shrsi),
        _binary("arith.maxsi", _on_signed(max), True),
        _binary("arith.maxui", _wrap(max), True),
        _binary("arith.minsi", _on_signed(min), True),
        _binary("arith.minui", _wrap(min), True),
        _div("arith.divui", lambda a, b: a // b, False),
        _div("arith.divsi", _toward_zero, True),
        _div("arith.remui", lambda a, b: a % b, False),
        _div("arith.remsi", lambda a, b: a - b * _toward_zero(a, b), True),
        _div("arith.ceildivui", lambda a, b: -(-a // b), False),
        _div("arith.ceildivsi", lambda a, b: -(-a // b), True),
        _div("arith.floordivsi", lambda a, b: a // b, True),
        OpSpec("arith.cmpi", "cmp"),
        OpSpec("arith.select", "select"),
        OpSpec("arith.extui", "ext"),
        OpSpec("arith.extsi", "ext", signed_ext=True),
        OpSpec("arith.trunci", "trunc"),
    )
}
"""Every op synthesis knows, by MLIR name."""

CMP_KERNELS: dict[str, Kernel] = {
    "eq": _cmp(lambda a, b: a == b, is_signed=False),
    "ne": _cmp(lambda a, b: a != b, is_signed=False),
    "slt": _cmp(lambda a, b: a < b, is_signed=True),
    "sle": _cmp(lambda a, b: a <= b, is_signed=True),
    "sgt": _cmp(lambda a, b: a > b, is_signed=True),
    "sge": _cmp(lambda a, b: a >= b, is_signed=True),
    "ult": _cmp(lambda a, b: a < b, is_signed=False),
    "ule": _cmp(lambda a, b: a <= b, is_signed=False),
    "ugt": _cmp(lambda a, b: a > b, is_signed=False),
    "uge": _cmp(lambda a, b: a >= b, is_signed=False),
}

SWAPPED_PREDICATE = {
    "eq": "eq",
    "ne": "ne",
    "slt": "sgt",
    "sle": "sge",
    "sgt": "slt",
    "sge": "sle",
    "ult": "ugt",
    "ule": "uge",
    "ugt": "ult",
    "uge": "ule",
}
"""cmpi(p, a, b) == cmpi(SWAPPED[p], b, a): the enumerator builds one of the two."""

DEFAULT_OPS = (
    "arith.addi",
    "arith.subi",
    "arith.muli",
    "arith.andi",
    "arith.ori",
    "arith.xori",
    "arith.shli",
    "arith.shrui",
    "arith.shrsi",
    "arith.cmpi",
    "arith.select",
    "arith.extui",
    "arith.extsi",
    "arith.trunci",
)
"""The op set of `irproof synth` when `--ops` is not given (no divisions, no min/max: they
are cheap to add with `--ops`, but every op multiplies the search)."""


def parse_ops(text: str) -> tuple[str, ...]:
    """`--ops arith.addi,subi,...` (the `arith.` prefix may be left off) → op names."""
    names: list[str] = []
    for part in text.split(","):
        name = part.strip()
        if not name:
            continue
        name = name if "." in name else f"arith.{name}"
        if name not in OPS:
            known = ", ".join(n.removeprefix("arith.") for n in OPS)
            raise ValueError(f"unknown op '{part.strip()}' for --ops (known: {known})")
        names.append(name)
    if not names:
        raise ValueError("--ops is empty")
    return tuple(dict.fromkeys(names))
