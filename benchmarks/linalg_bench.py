"""Linalg lowering validation at scale (`convert-linalg-to-loops`, driver `mlir`).

1. `linalg.matmul` NxNxN on memrefs (i32 and f32) lowered to loops, for N = 2, 4, 8, 16,
   32: the time to validate the pass with every aliasing configuration of the three memref
   arguments (the default: 5 configurations x 2 index widths) and with `--noalias`; the
   growth curve (time vs N and the exponent of a least-squares fit of log time on log N).
2. A small MLP layer, relu(x * W + b), on tensors (bufferized at the function boundaries,
   then lowered to loops) and on memrefs (lowered to loops).
3. Where the time goes: running the pass, lowering both sides to SMT (`time_s -
   solver_s`: the semantics rules, memory and the Z3 terms, built directly) and solving
   (`solver_s`), and a profile of the largest unrolled f32 case by module.

Every case runs twice in the same run: lockstep (the default: one symbolic iteration per
loop nest) and the unrolled baseline (`--no-lockstep`, up to `--unrolled-max`, default
16: at N=32 it takes many minutes).

Writes the `linalg` section of BENCHMARKS.md.
Usage: python benchmarks/linalg_bench.py [--sizes 2,4,8,16,32] [--quick] [--timeout S]
       [--unrolled-max 16]
"""

from __future__ import annotations

import argparse
import cProfile
import math
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from common import REPO, machine_line, update_section

from irproof.api import translation_validate, validate_pipeline
from irproof.verifier.drivers import make_driver
from irproof.verifier.pass_pipeline import split_pipeline
from irproof.verifier.verify import PairResult, VerifyOptions

TO_LOOPS = "builtin.module(func.func(convert-linalg-to-loops))"
BUFFERIZE_TO_LOOPS = (
    "builtin.module(one-shot-bufferize{bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops))"
)
SIZES = (2, 4, 8, 16, 32)
QUICK_SIZES = (2, 4, 8)
MLP = (4, 8, 4)
"""Batch, inputs, outputs of the MLP layer."""


def matmul(n: int, element: str) -> str:
    t = f"memref<{n}x{n}x{element}>"
    return (
        f"func.func @matmul(%A: {t}, %B: {t}, %C: {t}) {{\n"
        f"  linalg.matmul ins(%A, %B : {t}, {t}) outs(%C : {t})\n"
        "  return\n}\n"
    )


def mlp_tensor(batch: int, inputs: int, outputs: int) -> str:
    x, w = f"tensor<{batch}x{inputs}xf32>", f"tensor<{inputs}x{outputs}xf32>"
    b, y = f"tensor<{outputs}xf32>", f"tensor<{batch}x{outputs}xf32>"
    return f"""#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
func.func @mlp_tensor(%x: {x}, %W: {w}, %b: {b}) -> {y} {{
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : {y}
  %acc = linalg.fill ins(%zero : f32) outs(%e : {y}) -> {y}
  %mm = linalg.matmul ins(%x, %W : {x}, {w}) outs(%acc : {y}) -> {y}
  %r = linalg.generic {{indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}}
      ins(%mm, %b : {y}, {b}) outs(%e : {y}) {{
  ^bb0(%v: f32, %bias: f32, %o: f32):
    %s = arith.addf %v, %bias : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  }} -> {y}
  return %r : {y}
}}
"""


CONV = (1, 32, 8, 16)
"""Batch, output size (square), input channels, output channels of the large convolution."""


def conv(batch: int, size: int, channels: int, filters: int) -> str:
    i = f"memref<{batch}x{size + 2}x{size + 2}x{channels}xf32>"
    f, o = f"memref<3x3x{channels}x{filters}xf32>", f"memref<{batch}x{size}x{size}x{filters}xf32>"
    return (
        f"func.func @conv(%I: {i}, %F: {f}, %O: {o}) {{\n"
        "  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, "
        "strides = dense<1> : tensor<2xi64>}\n"
        f"    ins(%I, %F : {i}, {f}) outs(%O : {o})\n"
        "  return\n}\n"
    )


def mlp_memref(batch: int, inputs: int, outputs: int) -> str:
    x, w = f"memref<{batch}x{inputs}xf32>", f"memref<{inputs}x{outputs}xf32>"
    b, y = f"memref<{outputs}xf32>", f"memref<{batch}x{outputs}xf32>"
    return f"""#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
func.func @mlp_memref(%x: {x}, %W: {w}, %b: {b}, %y: {y}) {{
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : {y})
  linalg.matmul ins(%x, %W : {x}, {w}) outs(%y : {y})
  linalg.generic {{indexing_maps = [#row, #id], iterator_types = ["parallel", "parallel"]}}
      ins(%b : {b}) outs(%y : {y}) {{
  ^bb0(%bias: f32, %v: f32):
    %s = arith.addf %v, %bias : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  }}
  return
}}
"""


@dataclass
class Row:
    """One validation: the pass run once, then each function checked."""

    label: str
    verdict: str
    run_s: float
    total_s: float
    solver_s: float
    reason: str = ""

    @property
    def lowering_s(self) -> float:
        return max(self.total_s - self.solver_s, 0.0)


def run_pass(text: str, passes: str) -> tuple[str, float]:
    driver = make_driver("mlir")
    start = time.perf_counter()
    for step in split_pipeline(passes):
        text = driver.run(text, step)
    return text, time.perf_counter() - start


def validate_lowering(label: str, text: str, passes: str, options: VerifyOptions) -> Row:
    """`irproof tv` of `text` against its output of `passes` (one function)."""
    after, run_s = run_pass(text, passes)
    with tempfile.TemporaryDirectory() as folder:
        before_path, after_path = Path(folder) / "before.mlir", Path(folder) / "after.mlir"
        before_path.write_text(text)
        after_path.write_text(after)
        (result,) = translation_validate(str(before_path), str(after_path), options)
    return _row(label, result, run_s)


def _row(label: str, result: PairResult, run_s: float) -> Row:
    reason = "" if result.verdict == "correct" else result.reason
    return Row(label, result.verdict, run_s, result.time_s, result.solver_s, reason)


def validate_steps(label: str, text: str, passes: str, options: VerifyOptions) -> Row:
    """`irproof pipeline`: every step of `passes`, times summed over steps."""
    _, run_s = run_pass(text, passes)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.mlir"
        path.write_text(text)
        _, results = validate_pipeline(str(path), passes, "mlir", options)
    verdicts = [r.result.verdict for r in results]
    worst = next((v for v in ("incorrect", "unknown") if v in verdicts), "correct")
    reasons = "; ".join(r.result.reason for r in results if r.result.verdict != "correct")
    return Row(
        label,
        worst,
        run_s,
        sum(r.result.time_s for r in results),
        sum(r.result.solver_s for r in results),
        reasons,
    )


def exponent(points: Sequence[tuple[int, float]]) -> float | None:
    """Slope of the least-squares line of log(time) on log(N)."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-6)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    if var == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def profile_by_module(text: str, passes: str, options: VerifyOptions) -> list[tuple[str, float]]:
    """Self time per source module (irproof's, z3's, xdsl's) while validating."""
    profiler = cProfile.Profile()
    profiler.enable()
    validate_lowering("profile", text, passes, options)
    profiler.disable()
    stats = pstats.Stats(profiler)
    per_module: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, self_time, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        per_module[_module_name(filename)] += self_time
    return sorted(per_module.items(), key=lambda kv: -kv[1])


def _module_name(filename: str) -> str:
    if filename == "~":
        return "built-in functions (C)"
    path = Path(filename)
    parts = path.parts
    for anchor in ("site-packages", "main"):
        if anchor in parts:
            rest = parts[parts.index(anchor) + 1 :]
            return "/".join(rest[:2]) if rest and rest[0] in ("z3", "xdsl") else "/".join(rest)
    return path.name if filename.startswith("<") or not parts else "/".join(parts[-2:])


def render(args: argparse.Namespace) -> str:
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    unrolled_max = args.unrolled_max
    modes = {
        ("lockstep", "aliasing"): VerifyOptions(timeout_s=args.timeout),
        ("lockstep", "noalias"): VerifyOptions(timeout_s=args.timeout, noalias=True),
        ("unrolled", "aliasing"): VerifyOptions(timeout_s=args.timeout, lockstep=False),
        ("unrolled", "noalias"): VerifyOptions(
            timeout_s=args.timeout, noalias=True, lockstep=False
        ),
    }
    command = "python benchmarks/linalg_bench.py" + (" --quick" if args.quick else "")
    if args.sizes:
        command += " --sizes " + ",".join(str(s) for s in args.sizes)
    lines = ["## Linalg lowering validation (`convert-linalg-to-loops`, driver `mlir`)", ""]
    lines += [machine_line(command), ""]
    lines += [
        "`linalg.matmul` NxNxN on memrefs lowered to `scf.for` loops, validated like "
        "`irproof tv` (both index widths, poison inputs, solver timeout "
        f"{args.timeout:g} s). *aliasing*: every way the three memref arguments may share "
        "a buffer (5 configurations, each a query per index width); *noalias*: "
        "`--noalias` (1 configuration). *lockstep* is the default: each loop nest is "
        "proved one symbolic iteration at a time (`irproof.verifier.lockstep`); the "
        "baseline, *unrolled* (`--no-lockstep`, measured in the same run up to "
        f"N={unrolled_max}), unrolls all N^3 iterations. Times are per function: run = "
        "the pass, lowering = building both sides' SMT terms (time - solver), solve = Z3.",
        "",
        "| element | N | memory | method | verdict | run | lowering | solve | total | unrolled / lockstep |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    curves: dict[tuple[str, str, str], list[tuple[int, float]]] = defaultdict(list)
    notes: list[str] = []
    rows: dict[tuple[str, int, str, str], Row] = {}
    for element in ("i32", "f32"):
        for n in sizes:
            for (method, mode), opts in modes.items():
                if method == "unrolled" and n > unrolled_max:
                    continue
                row = validate_lowering(f"{element} {n}", matmul(n, element), TO_LOOPS, opts)
                rows[element, n, mode, method] = row
                print(
                    f"matmul {element} N={n} {mode} {method}: {row.verdict} {row.total_s:.2f}s",
                    flush=True,
                )
                if row.verdict == "correct":
                    curves[element, mode, method].append((n, row.total_s))
                else:
                    notes.append(f"{element} N={n} {mode} {method}: {row.verdict}: {row.reason}")
            for (method, mode), _ in modes.items():
                row = rows.get((element, n, mode, method))
                if row is None:
                    continue
                ratio = ""
                fast = rows.get((element, n, mode, "lockstep"))
                if method == "unrolled" and fast is not None and fast.total_s > 0:
                    ratio = f"{row.total_s / fast.total_s:.0f}x"
                lines.append(
                    f"| {element} | {n} | {mode} | {method} | {row.verdict} "
                    f"| {seconds(row.run_s)} | {seconds(row.lowering_s)} "
                    f"| {seconds(row.solver_s)} | {seconds(row.total_s)} | {ratio} |"
                )
    lines += ["", "Growth (total time vs N, correct verdicts only):", ""]
    lines += [
        "| element | memory | method | sizes | exponent of the fit (time ~ N^k) |",
        "|---|---|---|---|---|",
    ]
    for (element, mode, method), points in curves.items():
        k = exponent(points)
        shown = "-" if k is None else f"{k:.2f}"
        sizes_text = ", ".join(str(n) for n, _ in points)
        lines.append(f"| {element} | {mode} | {method} | {sizes_text} | {shown} |")
    if notes:
        lines += ["", *[f"- {note}" for note in notes]]
    lines += ["", *(f"- {line}" for line in _summary(rows, min(max(sizes), unrolled_max)))]
    lines += _mlp_section(modes)
    lines += _conv_section(modes)
    largest = min(max(sizes), unrolled_max)
    profile = profile_by_module(matmul(largest, "f32"), TO_LOOPS, modes["unrolled", "noalias"])
    total = sum(t for _, t in profile) or 1.0
    lines += [
        "",
        f"Where the unrolled time goes: self time by module while validating the f32 "
        f"N={largest} matmul with `--noalias --no-lockstep` (cProfile, so slower than "
        "above; top 8):",
        "",
        "| module | self time | share |",
        "|---|---|---|",
    ]
    for module, t in profile[:8]:
        lines.append(f"| {module} | {seconds(t)} | {100 * t / total:.0f}% |")
    return "\n".join(lines)


def _mlp_section(modes: dict[tuple[str, str], VerifyOptions]) -> list[str]:
    batch, inputs, outputs = MLP
    lines = [
        "",
        f"MLP layer relu(x * W + b), f32, x {batch}x{inputs}, W {inputs}x{outputs}: on "
        "tensors through `one-shot-bufferize{bufferize-function-boundaries "
        "function-boundary-type-conversion=identity-layout-map}` then "
        "`convert-linalg-to-loops` (times summed over both steps; the tensor step is not "
        "of lockstep shape), and on memrefs (four arguments: 15 aliasing configurations; "
        "three nests, fill, matmul and bias+relu) through `convert-linalg-to-loops`:",
        "",
        "| program | memory | method | verdict | run | lowering | solve | total |",
        "|---|---|---|---|---|---|---|---|",
    ]
    mlp_rows = [
        (
            "tensor",
            "-",
            "lockstep",
            validate_steps(
                "mlp tensor", mlp_tensor(*MLP), BUFFERIZE_TO_LOOPS, modes["lockstep", "aliasing"]
            ),
        ),
    ]
    for method, mode in modes:
        row = validate_lowering("mlp", mlp_memref(*MLP), TO_LOOPS, modes[method, mode])
        mlp_rows.append(("memref", mode, method, row))
    for program, mode, method, row in mlp_rows:
        lines += _table_rows("mlp", [program, mode, method], row)
    return lines


def _table_rows(label: str, keys: list[str], row: Row) -> list[str]:
    """The table line of one validation (`keys` first), and its reason unless correct."""
    print(f"{label} {' '.join(keys)}: {row.verdict} {row.total_s:.2f}s", flush=True)
    times = [row.run_s, row.lowering_s, row.solver_s, row.total_s]
    cells = [*keys, row.verdict, *(seconds(t) for t in times)]
    lines = ["| " + " | ".join(cells) + " |"]
    if row.verdict != "correct":
        blanks = ["" for _ in cells]
        blanks[len(keys)] = f"reason: {row.reason}"
        lines.append("| " + " | ".join(blanks) + " |")
    return lines


def _conv_section(modes: dict[tuple[str, str], VerifyOptions]) -> list[str]:
    batch, size, channels, filters = CONV
    points = batch * size * size * filters * 3 * 3 * channels
    lines = [
        "",
        f"`linalg.conv_2d_nhwc_hwcf`, f32, output {batch}x{size}x{size}x{filters}, filter "
        f"3x3x{channels}x{filters}: {points:,} iterations (unrolling stops at 131,072 and "
        "says `unknown`):",
        "",
        "| memory | method | verdict | run | lowering | solve | total |",
        "|---|---|---|---|---|---|---|",
    ]
    for (method, mode), options in modes.items():
        row = validate_lowering("conv", conv(*CONV), TO_LOOPS, options)
        lines += _table_rows("conv", [mode, method], row)
    return lines


def _summary(rows: dict[tuple[str, int, str, str], Row], largest: int) -> list[str]:
    """Where the unrolled matmul time goes, the lockstep gain, and the N = 8 f32 target."""
    unrolled = [r for k, r in rows.items() if k[3] == "unrolled"]
    total = sum(r.total_s + r.run_s for r in unrolled) or 1.0
    run = sum(r.run_s for r in unrolled)
    solve = sum(r.solver_s for r in unrolled)
    lowering = sum(r.lowering_s for r in unrolled)
    found = [
        f"Unrolled, over all matmul rows: running the pass {100 * run / total:.0f}%, "
        f"lowering to SMT {100 * lowering / total:.0f}%, solving {100 * solve / total:.0f}% "
        "of the time: both sides compute the same terms, so the query is nearly trivial and "
        "the time goes into building N^3 iterations of terms, once per aliasing "
        "configuration and index width. Lockstep builds one iteration per nest instead, so "
        "its time does not grow with N."
    ]
    for element in ("i32", "f32"):
        a = rows.get((element, largest, "aliasing", "unrolled"))
        b = rows.get((element, largest, "aliasing", "lockstep"))
        if a and b and b.total_s > 0:
            found.append(
                f"{element} N={largest}, every aliasing configuration: lockstep "
                f"{seconds(b.total_s)} against {seconds(a.total_s)} unrolled "
                f"({a.total_s / b.total_s:.0f}x)."
            )
    target = rows.get(("f32", 8, "aliasing", "lockstep"))
    if target is not None:
        met = "met" if target.verdict == "correct" and target.total_s < 60 else "NOT met"
        found.append(f"Target f32 N=8 under 60 s: {met} ({seconds(target.total_s)}).")
    return found


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(int(s) for s in text.split(",") if s.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, help="matmul sizes N (default 2,4,8,16,32)")
    parser.add_argument("--quick", action="store_true", help="N = 2, 4, 8 (smoke run)")
    parser.add_argument("--timeout", type=float, default=600.0, help="solver timeout per query")
    parser.add_argument(
        "--unrolled-max", type=int, default=16, help="largest N of the unrolled baseline"
    )
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    args = parser.parse_args()
    text = render(args)
    update_section("linalg", text, args.out)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
