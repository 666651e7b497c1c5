"""The functions one pair's check involves: its source, its target and every function they
call, transitively. Facts that decide how a query is built (does it need a memory state, can
a NaN's bits be read, does it use index values) are taken over these ops, not over the whole
module: a file of hundreds of rewrites is then not walked again for each query of each."""

from __future__ import annotations

from collections.abc import Iterator

from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation

from irproof.semantics.lowering import find_function


def reachable_functions(module: ModuleOp | None, *roots: func.FuncOp) -> list[func.FuncOp]:
    """`roots` and the functions of `module` they call, each once, roots first."""
    found: list[func.FuncOp] = []
    seen: set[int] = set()
    stack = list(reversed(roots))
    while stack:
        function = stack.pop()
        if id(function) in seen:
            continue
        seen.add(id(function))
        found.append(function)
        if module is None:
            continue
        for op in function.walk():
            if isinstance(op, func.CallOp):
                callee = find_function(module, op.callee.root_reference.data)
                if callee is not None and id(callee) not in seen:
                    stack.append(callee)
    return found


def reachable_ops(module: ModuleOp | None, *roots: func.FuncOp) -> Iterator[Operation]:
    """Every op of the reachable functions (`reachable_functions`)."""
    for function in reachable_functions(module, *roots):
        yield from function.walk()
