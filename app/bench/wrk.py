"""wrk, the HTTP load generator: its command, the Lua script that reports exact percentiles, and
the parsing of its output.

wrk's own `--latency` table has no 95th percentile, so a small Lua script asks wrk's latency
histogram for p50, p95 and p99 when the run ends and prints them as one JSON line, which
`parse_output` reads. The script also cycles through several paths (events to look up, words
to search) so that one URL's caches do not stand for all of them.
"""

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MARKER = "WRK_RESULT "
INSTALL_HINT = "wrk is not installed: install it with `apt-get install -y wrk` (Debian)"

_LUA = """
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter], {["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%(marker)s{"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect_errors": %%d, ' ..
    '"read_errors": %%d, "write_errors": %%d, "status_errors": %%d, "timeouts": %%d, ' ..
    '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max))
end
"""


class WrkError(RuntimeError):
    """wrk is missing, failed, or printed no figures."""


@dataclass(frozen=True)
class WrkResult:
    """One wrk run: how many requests, over how long, and their latency percentiles."""

    requests: int
    seconds: float
    bytes: int
    errors: int  # connection, read, write errors and timeouts
    non_2xx: int  # answers with a status of 400 or more (wrk counts 3xx as success)
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rate(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def lua_script(paths: Sequence[str]) -> str:
    """The Lua script that cycles through `paths` and prints the result line."""
    if not paths:
        raise ValueError("wrk needs at least one path")
    quoted = ", ".join(json.dumps(p) for p in paths)  # JSON strings are valid Lua strings here
    return _LUA % {"paths": quoted, "marker": MARKER}


def parse_output(output: str) -> WrkResult:
    """The figures of wrk's output (with `lua_script`'s line). Raises WrkError when the line is
    missing, e.g. because wrk could not connect at all."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER) :])
            return WrkResult(
                requests=int(data["requests"]),
                seconds=data["duration_us"] / 1e6,
                bytes=int(data["bytes"]),
                errors=sum(int(data[k]) for k in ("connect_errors", "read_errors", "write_errors"))
                + int(data["timeouts"]),
                non_2xx=int(data["status_errors"]),
                p50_ms=data["p50_us"] / 1000,
                p95_ms=data["p95_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                max_ms=data["max_us"] / 1000,
            )
    raise WrkError(f"wrk printed no result line; its output was:\n{output.strip()[-2000:]}")


def wrk_path() -> str:
    """The wrk executable; raises WrkError with the command that installs it when missing."""
    found = shutil.which("wrk")
    if found is None:
        raise WrkError(INSTALL_HINT)
    return found


def run_wrk(
    base_url: str,
    paths: Sequence[str],
    *,
    connections: int,
    seconds: float,
    threads: int | None = None,
    timeout_seconds: float = 10.0,
) -> WrkResult:
    """Load `base_url` (a server on 127.0.0.1) with `connections` clients cycling through `paths`
    for `seconds`; requests slower than `timeout_seconds` count as errors."""
    if not base_url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise ValueError("the benchmark only loads servers on this machine (127.0.0.1)")
    threads = threads or min(connections, 2)
    with tempfile.TemporaryDirectory(prefix="wrk-") as folder:
        script = Path(folder) / "paths.lua"
        script.write_text(lua_script(paths), encoding="utf-8")
        command = [
            wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
            f"--timeout={max(1, round(timeout_seconds))}s", "-s", str(script), base_url,
        ]  # fmt: skip
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=seconds + timeout_seconds + 30,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise WrkError(f"wrk did not finish within {exc.timeout:.0f} s") from None
    if done.returncode != 0:
        raise WrkError(f"wrk exited with {done.returncode}: {done.stderr.strip()[-2000:]}")
    return parse_output(done.stdout)
