"""The test session's throwaway PostgreSQL server on 127.0.0.1 and a free port: the cluster of
app.bench.postgres, in a temporary folder removed afterwards."""

from app.bench.postgres import cluster as running_server
from app.bench.postgres import find_bindir

__all__ = ["find_bindir", "running_server"]
