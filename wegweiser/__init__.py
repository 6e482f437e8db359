"""Wegweiser: a local, multilingual guide for newcomers, published by cities and districts."""

import os

# numpy's BLAS threads keep spinning after each product and then slow the embedding engine's own threads (search's
# questions) to a third of their speed on two cores. Search's products are small: one BLAS thread is enough.
# Set before numpy is first imported, which happens only after this package.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
