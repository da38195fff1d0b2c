"""wrk's command and output: the Lua script, the result line, and a real run when wrk is here."""

import shutil

import pytest

from app.bench.wrk import MARKER, WrkError, lua_script, parse_output

# What wrk prints with lua_script's done(): its own summary, then our line.
SAMPLE = f"""\
Running 5s test @ http://127.0.0.1:8123
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    20.14ms    5.02ms  81.22ms   90.01%
  3970 requests in 5.01s, 12.32MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    792.41
Transfer/sec:      2.46MB
{MARKER}{{"requests": 3970, "duration_us": 5010000, "bytes": 12918128, "connect_errors": 0, \
"read_errors": 1, "write_errors": 0, "status_errors": 3, "timeouts": 2, "p50_us": 18000, \
"p95_us": 31500, "p99_us": 52000, "max_us": 81220}}
"""


def test_parse_output_reads_the_result_line() -> None:
    result = parse_output(SAMPLE)
    assert result.requests == 3970 and result.seconds == pytest.approx(5.01)
    assert result.rate == pytest.approx(792.4, abs=0.1)
    assert (result.p50_ms, result.p95_ms, result.p99_ms, result.max_ms) == (18, 31.5, 52, 81.22)
    assert (result.errors, result.non_2xx) == (3, 3)


def test_parse_output_without_the_line_says_what_wrk_printed() -> None:
    with pytest.raises(WrkError, match="unable to connect"):
        parse_output("unable to connect to 127.0.0.1:8199 Connection refused\n")


def test_lua_script_cycles_through_every_path() -> None:
    script = lua_script(["/api/v1/events?q=%22a%22", "/"])
    assert '{"/api/v1/events?q=%22a%22", "/"}' in script
    assert "counter % #paths + 1" in script and "latency:percentile(95)" in script
    with pytest.raises(ValueError):
        lua_script([])


@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)"
)
def test_the_script_runs_in_wrk_and_refuses_other_hosts() -> None:
    from app.bench.wrk import run_wrk

    # Nothing listens there: wrk runs our script and reports connection errors, not figures
    # of a server that does not exist.
    with pytest.raises(WrkError):
        run_wrk("http://127.0.0.1:9/", ["/"], connections=1, seconds=1, timeout_seconds=1)
    with pytest.raises(ValueError, match="127.0.0.1"):
        run_wrk("http://example.org/", ["/"], connections=1, seconds=1)
