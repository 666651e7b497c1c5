"""Pass drivers for `irproof pipeline`: the compilers a pipeline step can run in.

`DRIVERS` is the table of drivers by their `--driver` name (each module is imported only when
its driver is made); `make_driver` builds one and fails early (`DriverUnavailable`) when its
compiler is missing.
"""

from __future__ import annotations

from collections.abc import Callable

from irproof.verifier.drivers.base import Driver, DriverError, DriverUnavailable

__all__ = ["DRIVERS", "Driver", "DriverError", "DriverUnavailable", "make_driver"]


def _mlir(_tool: str | None) -> Driver:
    from irproof.verifier.drivers.mlir_bindings import MlirBindingsDriver

    return MlirBindingsDriver()


def _mlir_opt(tool: str | None) -> Driver:
    from irproof.verifier.drivers.mlir_opt import MlirOptDriver

    return MlirOptDriver(tool)


def _xdsl(_tool: str | None) -> Driver:
    from irproof.verifier.drivers.xdsl_passes import XdslDriver

    return XdslDriver()


DRIVERS: dict[str, Callable[[str | None], Driver]] = {
    "mlir": _mlir,
    "mlir-opt": _mlir_opt,
    "xdsl": _xdsl,
}
"""`--driver` name → factory (its argument is the `--mlir-opt` path, if given)."""


def make_driver(name: str, mlir_opt: str | None = None) -> Driver:
    if name not in DRIVERS:
        raise DriverUnavailable(f"unknown driver '{name}' (one of {', '.join(DRIVERS)})")
    return DRIVERS[name](mlir_opt)
