"""The `mlir-opt` driver: upstream MLIR passes in a native binary (Debian `mlir-19-tools`),
found with `--mlir-opt PATH`, on PATH, or in `/usr/lib/llvm-*/bin`."""

from __future__ import annotations

import glob
import re
import shutil
import subprocess

from irproof.verifier.drivers.base import DriverError, DriverUnavailable, first_error_line
from irproof.verifier.pass_pipeline import PassStep

INSTALL_HINT = (
    "mlir-opt not found: apt-get install mlir-19-tools, or give its path with --mlir-opt PATH"
)
TIMEOUT_S = 600


def find_mlir_opt() -> str | None:
    """`mlir-opt` (or `mlir-opt-NN`) on PATH, else the newest `/usr/lib/llvm-NN/bin/mlir-opt`."""
    for name in ("mlir-opt", *(f"mlir-opt-{v}" for v in range(30, 14, -1))):
        found = shutil.which(name)
        if found:
            return found
    candidates = glob.glob("/usr/lib/llvm-*/bin/mlir-opt")
    return max(candidates, key=_llvm_version, default=None)


def _llvm_version(path: str) -> int:
    match = re.search(r"llvm-(\d+)", path)
    return int(match[1]) if match else 0


class MlirOptDriver:
    name = "mlir-opt"

    def __init__(self, tool: str | None = None) -> None:
        found = shutil.which(tool) if tool else find_mlir_opt()
        if found is None:
            raise DriverUnavailable(f"mlir-opt '{tool}' not found" if tool else INSTALL_HINT)
        self.tool = found

    def run(self, text: str, step: PassStep) -> str:
        try:
            done = subprocess.run(
                [self.tool, f"--pass-pipeline={step.pipeline}", "-"],
                input=text,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise DriverError(f"{self.tool}: {error}") from None
        if done.returncode != 0:
            default = f"mlir-opt exited with status {done.returncode}"
            raise DriverError(first_error_line(done.stderr, default))
        return done.stdout
