"""Imports every importer module so that `IMPORTERS` lists them all."""
