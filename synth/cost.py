"""Cost models of synthesis: what "cheaper" means (`--cost ops|latency`).

A cost is a pair compared lexicographically: `ops` is (number of ops, summed latency),
`latency` is (summed latency, number of ops), so each model breaks its ties with the other
(`x * 8` and `x << 3` are one op each; the shift is cheaper by latency). Constants are free
(`arith.constant` is materialised once and usually folds into an immediate), and so are
`return` and the arguments. Ops shared in a DAG count once.

The latency table is a rough model of a modern out-of-order x86-64/AArch64 core for scalar
integers (cycles, after Agner Fog's and the LLVM scheduling models' orders of magnitude):
simple ALU ops 1, `select` 2 (a conditional move, which also needs both arms
materialised), multiplication 3, division and remainder 20 (the `ceil`/`floor` forms,
which expand to a division plus fix-up code, 24), casts that are free in registers
(`trunci`, `index_cast`) 0. An op missing from the table (e.g. in a source with control
flow) costs `DEFAULT_LATENCY`.
"""

from __future__ import annotations

from collections.abc import Iterable

from irproof.synth.program import Expr

Cost = tuple[int, int]

LATENCY: dict[str, int] = {
    "arith.addi": 1,
    "arith.subi": 1,
    "arith.andi": 1,
    "arith.ori": 1,
    "arith.xori": 1,
    "arith.shli": 1,
    "arith.shrui": 1,
    "arith.shrsi": 1,
    "arith.cmpi": 1,
    "arith.select": 2,
    "arith.maxsi": 1,
    "arith.maxui": 1,
    "arith.minsi": 1,
    "arith.minui": 1,
    "arith.extui": 1,
    "arith.extsi": 1,
    "arith.trunci": 0,
    "arith.index_cast": 0,
    "arith.index_castui": 0,
    "arith.muli": 3,
    "arith.divui": 20,
    "arith.divsi": 20,
    "arith.remui": 20,
    "arith.remsi": 20,
    "arith.ceildivui": 24,
    "arith.ceildivsi": 24,
    "arith.floordivsi": 24,
}
DEFAULT_LATENCY = 1
FREE_OPS = frozenset({"arith.constant", "func.return"})

COST_MODELS = ("ops", "latency")


def cost_of_ops(names: Iterable[str], model: str) -> Cost:
    """The cost of executing ops with these names once each."""
    count = latency = 0
    for name in names:
        if name in FREE_OPS:
            continue
        count += 1
        latency += LATENCY.get(name, DEFAULT_LATENCY)
    return (count, latency) if model == "ops" else (latency, count)


def cost(expr: Expr, model: str) -> Cost:
    """The cost of computing `expr` (shared subexpressions once)."""
    return cost_of_ops((node.op for node in expr.nodes()), model)


def extend(child_costs: Iterable[Cost], op: str, model: str) -> Cost:
    """An upper bound on the cost of `op` over operands of these costs (exact for trees):
    what the enumerator uses before knowing which subexpressions are shared."""
    first = second = 0
    for a, b in child_costs:
        first += a
        second += b
    own = cost_of_ops([op], model)
    return (first + own[0], second + own[1])


def lower_bound(level: int, model: str) -> Cost:
    """The least cost an expression of `level` ops as a tree can have as a DAG. Sharing
    can only merge equal subtrees: a DAG of d ops unfolds to a tree of at most
    (3^d - 1) / 2 ops (every op ternary, each operand the previous op), so d is at least
    the least such d (ops model). Under the latency model an op may cost 0 (`trunci`), so
    only (0, d) is certain."""
    depth = 0
    while (3**depth - 1) // 2 < level:
        depth += 1
    return (depth, 0) if model == "ops" else (0, depth)


def show(value: Cost, model: str) -> str:
    if model == "ops":
        return f"{value[0]} ops (latency {value[1]})"
    return f"latency {value[0]} ({value[1]} ops)"
