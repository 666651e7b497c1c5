"""Synthesis benchmark: `irproof synth` on the suite, enumeration speed, and rediscovery of
MLIR's arith canonicalizations from scratch with `--discover`.

1. Suite (`corpus/synth/*.mlir`, each with its optimal cost in an `// OPTIMAL-COST:` line):
   time to find (and verify) the optimum of each program, default options.
2. Candidates enumerated per second of enumeration (over the suite, and in the discovery
   run): expressions built, and those of them fingerprinted (the others were dropped for
   their cost before evaluation).
3. Rediscovery: `--discover --max-ops N` (default 3) with `--jobs` processes within
   `--budget` seconds (default 3600: one hour); a canonicalization of
   `corpus/mlir-arith-canonicalize` (the patterns expected `correct`; their broken twins are
   not counted) is *rediscovered* when a discovered rewrite's source matches its source at
   the root (up to renaming, commutativity and swapped comparisons; `irproof.synth.match`),
   and *implied* when one matches a proper subterm. *Reachable* ones are those discovery can
   express at all: arith ops of the op set only, at most N ops, constants 0/1/-1, at most
   `--args` arguments, one width variable, no flags or symbolic constants.

Writes the `synth` section of BENCHMARKS.md.
Usage: python benchmarks/synth_bench.py [--budget SECONDS] [--max-ops 3] [--jobs 2]
       [--args 2] [--i1-args 0] [--ops LIST] [--no-suite] [--out BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from common import REPO, machine_line, update_section

from irproof.loading import parse_module
from irproof.synth.discover import DISCOVER_OPS, DiscoverOptions, Discovery, discover
from irproof.synth.match import covers, match
from irproof.synth.ops import parse_ops
from irproof.synth.program import Expr, from_function
from irproof.synth.search import SynthOptions, SynthResult, synthesize_module
from irproof.verifier.importers import importer_for
from irproof.verifier.pairs import find_pairs

SUITE = REPO / "corpus" / "synth"
CANONICALIZE = REPO / "corpus" / "mlir-arith-canonicalize"
OPTIMAL = re.compile(r"^// OPTIMAL-COST: (\d+)$", re.M)
EXPECT_CORRECT = re.compile(r"^// EXPECT (\w+): correct\b", re.M)


# ---- 1 and 2: the suite ------------------------------------------------------------------


@dataclass
class SuiteRow:
    name: str
    expected: int
    result: SynthResult

    @property
    def ok(self) -> bool:
        return self.result.status != "unknown" and self.result.cost[0] == self.expected


def run_suite() -> list[SuiteRow]:
    rows = []
    for path in sorted(SUITE.glob("*.mlir")):
        text = path.read_text()
        match_ = OPTIMAL.search(text)
        if match_ is None:
            continue
        [result] = synthesize_module(str(path), parse_module(str(path)), SynthOptions())
        rows.append(SuiteRow(path.stem, int(match_[1]), result))
        print(
            f"  {path.stem}: {result.status} cost {result.cost[0]} ({result.time_s * 1000:.0f} ms)",
            file=sys.stderr,
        )
    return rows


def suite_text(rows: list[SuiteRow]) -> list[str]:
    lines = [
        "| program | optimal cost | found | target | time | candidates | verifier calls |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        r = row.result
        found = f"{r.cost[0]}" + ("" if row.ok else " **(missed)**")
        target = r.expression or "(source: already optimal)"
        lines.append(
            f"| {row.name} | {row.expected} | {found} | `{target}` | {r.time_s * 1000:.0f} ms "
            f"| {r.candidates} | {r.verified} |"
        )
    times = [row.result.time_s for row in rows]
    built = sum(row.result.stats.built for row in rows)
    evaluated = sum(row.result.stats.evaluated for row in rows)
    seconds = sum(row.result.stats.seconds for row in rows)
    ok = sum(row.ok for row in rows)
    lines += [
        "",
        f"Optimum found and verified for **{ok} of {len(rows)}** programs; time per program: "
        f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms, "
        f"total {sum(times):.1f} s (enumeration, CEGIS, verification and generalization "
        f"included).",
        f"Candidates enumerated: {built} in {seconds:.2f} s of enumeration, "
        f"**{built / max(seconds, 1e-9):,.0f} candidates/s** (each fingerprinted on every row"
        + (
            f"; {built - evaluated} dropped for their cost before evaluation"
            if built > evaluated
            else ""
        )
        + ").",
    ]
    return lines


# ---- 3: rediscovery ----------------------------------------------------------------------


@dataclass
class Canonicalization:
    file: str
    name: str
    source: Expr | None
    why: str = ""


def canonicalizations() -> list[Canonicalization]:
    """The `correct` patterns of the corpus, with their sources as expressions."""
    found: list[Canonicalization] = []
    for path in sorted(CANONICALIZE.glob("*.pdll")):
        text = path.read_text()
        names = EXPECT_CORRECT.findall(text)
        importer = importer_for(str(path))
        assert importer is not None
        imported = importer(str(path), text)
        unsupported = dict(imported.unsupported)
        module = parse_module(str(path), imported.mlir)
        pairs = {p.name: p for p in find_pairs(module, path.stem, allow_none=True)}
        for name in names:
            pair = pairs.get(name)
            if pair is None:
                found.append(Canonicalization(path.name, name, None, unsupported.get(name, "?")))
                continue
            source = from_function(pair.source)
            why = "" if source else "not arith (assumes, flags, other ops)"
            if source is not None and _symbolic_constants(pair.source):
                why = "symbolic constants"
            found.append(Canonicalization(path.name, name, source, why))
    return found


def _symbolic_constants(function: object) -> bool:
    """Whether a source has `irproof.not_poison` arguments (open PDL attributes)."""
    attrs = getattr(function, "arg_attrs", None)
    return attrs is not None and any("irproof.not_poison" in str(a) for a in attrs.data)


def _leaves(expr: Expr) -> list[Expr]:
    seen, stack, leaves = set(), [expr], []
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if node.is_leaf:
            leaves.append(node)
        stack.extend(node.args)
    return leaves


def reachable(
    c: Canonicalization, ops: tuple[str, ...], max_ops: int, args: int, i1_args: int = 0
) -> str:
    """Why discovery cannot express this canonicalization ('' when it can)."""
    if c.source is None or c.why:
        return c.why or "not arith"
    nodes = c.source.nodes()
    if any(n.op not in ops for n in nodes):
        return "op outside the op set"
    if len(nodes) > max_ops:
        return f"more than {max_ops} ops"
    leaves = _leaves(c.source)
    if sum(leaf.op == "arg" and leaf.type == "i1" for leaf in leaves) > i1_args:
        return f"more than {i1_args} i1 arguments"
    if sum(leaf.op == "arg" and leaf.type != "i1" for leaf in leaves) > args:
        return f"more than {args} arguments"
    for leaf in leaves:
        if leaf.op == "const":
            width = 1 if leaf.type == "i1" else 64
            value = int(leaf.attr or 0) & ((1 << width) - 1)
            if value not in (0, 1, (1 << width) - 1):
                return "a constant other than 0, 1, -1"
    if len({n.type for n in (*nodes, *leaves)} - {"i1"}) > 1:
        return "two width variables"
    return ""


def rediscovery(
    options: DiscoverOptions,
) -> tuple[Discovery, list[Canonicalization], dict[str, str], dict[str, str]]:
    corpus = canonicalizations()
    result = discover(options)
    status: dict[str, str] = {}
    why: dict[str, str] = {}
    for c in corpus:
        key = f"{c.file}:{c.name}"
        why[key] = reachable(c, options.ops, options.max_ops, options.args, options.i1_args)
        if c.source is None:
            status[key] = "not expressible"
        elif any(match(r.source, c.source) is not None for r in result.rewrites):
            status[key] = "rediscovered"
        elif any(covers(r.source, c.source) for r in result.rewrites):
            status[key] = "implied"
        else:
            status[key] = "missed"
    return result, corpus, status, why


def rediscovery_text(
    options: DiscoverOptions,
    result: Discovery,
    corpus: list[Canonicalization],
    status: dict[str, str],
    why: dict[str, str],
) -> list[str]:
    keys = [f"{c.file}:{c.name}" for c in corpus]
    reach = [k for k in keys if not why[k]]
    found = [k for k in keys if status[k] == "rediscovered"]
    implied = [k for k in keys if status[k] == "implied"]
    reach_found = [k for k in reach if status[k] in ("rediscovered", "implied")]
    missed = [k for k in reach if status[k] == "missed"]
    budget = f"{options.budget_s:g} s" if options.budget_s else "no limit"
    stats = result.stats
    lines = [
        f"`--discover --max-ops {options.max_ops} --args {options.args} "
        f"--i1-args {options.i1_args} --jobs {options.jobs}`, "
        f"budget {budget}, ops: {', '.join(o.removeprefix('arith.') for o in options.ops)}.",
        "",
        f"- {len(result.rewrites)} rewrites proved at widths 1-64, from {result.candidates} "
        f"candidates ({result.implied} implied by others, {result.refuted} refuted, "
        f"{result.unknown} unknown){' — stopped by the budget' if result.truncated else ''}.",
        f"- Enumeration: {stats.built} expressions ({stats.evaluated} fingerprinted at 8, 5 "
        f"and 1 bits) in {stats.seconds:.1f} s, **{stats.built / max(stats.seconds, 1e-9):,.0f} "
        f"candidates/s**; finding candidate rewrites took {result.enumerate_s - stats.seconds:.1f} s more; "
        f"verification {result.verify_s:.1f} s.",
        f"- Canonicalizations of `corpus/mlir-arith-canonicalize` (patterns expected "
        f"`correct`): {len(keys)}; **rediscovered {len(found)}**, implied by a discovered "
        f"rewrite (one matches a subterm) {len(implied)}.",
        f"- Reachable at these settings (op set, at most {options.max_ops} ops, constants "
        f"0/1/-1, at most {options.args} + {options.i1_args} i1 arguments, one width): "
        f"{len(reach)}, of which "
        f"{len(reach_found)} rediscovered or implied.",
    ]
    if found:
        lines.append(f"- Rediscovered: {', '.join(k.split(':')[1] for k in found)}.")
    if missed:
        lines.append(
            f"- Reachable, not rediscovered: {', '.join(k.split(':')[1] for k in missed)}."
        )
    reasons: dict[str, int] = {}
    for k in keys:
        if why[k]:
            reasons[why[k].split(":")[0][:60]] = reasons.get(why[k].split(":")[0][:60], 0) + 1
    lines.append(
        "- Not reachable: "
        + "; ".join(f"{n} {r}" for r, n in sorted(reasons.items(), key=lambda x: -x[1]))
        + "."
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=3600.0, metavar="SECONDS")
    parser.add_argument("--max-ops", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--args", type=int, default=2)
    parser.add_argument("--i1-args", type=int, default=0)
    parser.add_argument("--ops", type=parse_ops, default=DISCOVER_OPS)
    parser.add_argument("--no-suite", action="store_true", help="only the rediscovery part")
    parser.add_argument("--out", default=str(REPO / "BENCHMARKS.md"))
    args = parser.parse_args()
    command = " ".join(["python benchmarks/synth_bench.py", *sys.argv[1:]])
    body = ["## Synthesis (`irproof synth`)", "", machine_line(command), ""]
    if not args.no_suite:
        print("suite:", file=sys.stderr)
        start = time.perf_counter()
        rows = run_suite()
        body += [
            f"### Suite: `corpus/synth/` ({len(rows)} programs, {time.perf_counter() - start:.1f} s)",
            "",
        ]
        body += [*suite_text(rows), ""]
    options = DiscoverOptions(
        ops=args.ops,
        max_ops=args.max_ops,
        args=args.args,
        i1_args=args.i1_args,
        jobs=args.jobs,
        budget_s=args.budget,
    )
    print(f"rediscovery (budget {args.budget:g} s):", file=sys.stderr)
    result, corpus, status, why = rediscovery(options)
    body += ["### Rediscovering MLIR's arith canonicalizations", ""]
    body += rediscovery_text(options, result, corpus, status, why)
    update_section("synth", "\n".join(body) + "\n", Path(args.out))
    print("\n".join(body))


if __name__ == "__main__":
    main()
