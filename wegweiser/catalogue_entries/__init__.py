"""Catalogue entries of newer parts of the product, one module per app; merged by ``translate_catalogs.py``."""
