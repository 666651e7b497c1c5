"""Imports every importer module so that `IMPORTERS` lists them all."""

from irproof.verifier.importers import (
    alive,  # noqa: F401
    pdl,  # noqa: F401
)
