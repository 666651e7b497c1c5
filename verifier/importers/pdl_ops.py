"""The ops a PDL pattern may match or create, and how their MLIR text is written.

Each `OpSpec` gives an `arith` op's operand and result count, how its types relate (the
`typing` rule the PDL importer's type inference applies), and which of its attributes are
*flags* (`overflowFlags`, `isExact`, `nonNeg`): unit-like properties a PDL pattern may leave
open. `FunctionText` writes a function body in MLIR's generic op syntax, so every op is
spelled the same way whatever its custom syntax.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

SAME, COMPARE, SELECT, EXTEND, TRUNCATE, CONSTANT = (
    "same",
    "compare",
    "select",
    "extend",
    "truncate",
    "constant",
)
INDEX_CAST, BITCAST, CARRY, WIDE = "index_cast", "bitcast", "carry", "wide"

FLAG_ATTRIBUTES: Mapping[str, tuple[str, ...]] = {
    "overflowFlags": ("nsw", "nuw"),
    "isExact": ("exact",),
    "nonNeg": ("nneg",),
}
"""Attribute name → the boolean flags it holds."""

PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")
"""`arith.cmpi` predicates, in the order of their integer encoding (`predicate = 2 : i64` is slt)."""


@dataclass(frozen=True)
class OpSpec:
    """What the importer knows about one op."""

    name: str
    operands: int
    results: int
    typing: str
    flags: str | None = None
    """The flag attribute of the op (a key of `FLAG_ATTRIBUTES`), if any."""


def _specs() -> dict[str, OpSpec]:
    table = [
        *(OpSpec(f"arith.{n}", 2, 1, SAME, "overflowFlags") for n in ("addi", "subi", "muli")),
        OpSpec("arith.shli", 2, 1, SAME, "overflowFlags"),
        *(OpSpec(f"arith.{n}", 2, 1, SAME, "isExact") for n in ("divui", "divsi")),
        *(OpSpec(f"arith.{n}", 2, 1, SAME, "isExact") for n in ("shrui", "shrsi")),
        *(
            OpSpec(f"arith.{n}", 2, 1, SAME)
            for n in (
                "remui",
                "remsi",
                "ceildivui",
                "ceildivsi",
                "floordivsi",
                "andi",
                "ori",
                "xori",
                "maxsi",
                "maxui",
                "minsi",
                "minui",
            )
        ),
        OpSpec("arith.cmpi", 2, 1, COMPARE),
        OpSpec("arith.select", 3, 1, SELECT),
        OpSpec("arith.constant", 0, 1, CONSTANT),
        OpSpec("arith.extsi", 1, 1, EXTEND),
        OpSpec("arith.extui", 1, 1, EXTEND, "nonNeg"),
        OpSpec("arith.trunci", 1, 1, TRUNCATE, "overflowFlags"),
        OpSpec("arith.index_cast", 1, 1, INDEX_CAST),
        OpSpec("arith.index_castui", 1, 1, INDEX_CAST, "nonNeg"),
        OpSpec("arith.bitcast", 1, 1, BITCAST),
        OpSpec("arith.addui_extended", 2, 2, CARRY),
        OpSpec("arith.mulsi_extended", 2, 2, WIDE),
        OpSpec("arith.mului_extended", 2, 2, WIDE),
    ]
    return {spec.name: spec for spec in table}


OPS: Mapping[str, OpSpec] = _specs()
FOLDABLE = tuple(
    name.removeprefix("arith.")
    for name, spec in OPS.items()
    if spec.typing == SAME and spec.operands == 2
)
"""Binary ops whose constant folding is a native rewrite (`fold_addi`, ...)."""


def flag_property(attribute: str, flags: Mapping[str, bool]) -> str | None:
    """The generic-syntax property of static flags, or None when no flag is set and the
    property is optional."""
    if attribute == "overflowFlags":
        on = [f for f in ("nsw", "nuw") if flags.get(f)]
        return f"overflowFlags = #arith.overflow<{', '.join(on) or 'none'}>"
    (flag,) = FLAG_ATTRIBUTES[attribute]
    return attribute if flags.get(flag) else None


@dataclass
class FunctionText:
    """The body of one function being written: SSA names and lines in generic syntax."""

    taken: set[str] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)

    def fresh(self, hint: str = "t") -> str:
        """An unused SSA name (`%x`, `%x1`, ...) built from a hint."""
        base = "".join(c if c.isalnum() or c == "_" else "_" for c in hint) or "t"
        if base[0].isdigit():
            base = f"v{base}"
        name, counter = base, 0
        while name in self.taken:
            counter += 1
            name = f"{base}{counter}"
        self.taken.add(name)
        return f"%{name}"

    def op(
        self,
        name: str,
        operands: Sequence[tuple[str, str]],
        results: Sequence[str],
        properties: Sequence[str] = (),
        hint: str = "t",
    ) -> list[str]:
        """Write `%r = "name"(operands) <{properties}> : (types) -> (results)`; operands are
        (SSA name, type) pairs. Returns the result names."""
        names = [self.fresh(hint)] if results else []
        values = ", ".join(v for v, _ in operands)
        types = ", ".join(t for _, t in operands)
        props = f" <{{{', '.join(properties)}}}>" if properties else ""
        outputs = results[0] if len(results) == 1 else f"({', '.join(results)})"
        head = ""
        if len(results) == 1:
            head = f"{names[0]} = "
        elif results:
            head = f"{names[0]}:{len(results)} = "
        self.lines.append(f'  {head}"{name}"({values}){props} : ({types}) -> {outputs}')
        if len(results) > 1:
            return [f"{names[0]}#{i}" for i in range(len(results))]
        return names

    def constant(self, value: int, typ: str, hint: str = "c") -> str:
        (name,) = self.op("arith.constant", [], [typ], [f"value = {literal(value, typ)}"], hint)
        return name


def literal(value: int, typ: str) -> str:
    """An integer attribute's text: `true`/`false` for i1, else `value : type` (a fixed width
    keeps the value in its signed range so that MLIR accepts it)."""
    if typ == "i1":
        return "true" if value % 2 else "false"
    if typ.startswith("i") and typ[1:].isdigit() and int(typ[1:]) <= 128:
        width = int(typ[1:])
        value %= 1 << width
        if value >= 1 << (width - 1):
            value -= 1 << width
    return f"{value} : {typ}"
