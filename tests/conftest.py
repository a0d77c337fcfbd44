"""Shared fixtures: kits are built once per test session and read back as real PDFs."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from deck.cli import cli

# A suite started in the background (`cmd &` in a shell without job control) has SIGINT ignored, and every
# build it starts inherits that: the Ctrl-C tests would then interrupt nothing. A handler of our own is reset
# to the default in each child at exec, so the children hear Ctrl-C as a user's deck would.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
EXAMPLE = CONTENT / "atelier-exemple"
BUILD_OUTPUT: dict = {}  # build directory of a session fixture -> what the build printed


def run(*args, **kw):
    """Run the CLI in-process; returns the click Result (exit_code, output, stderr)."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


@pytest.fixture(scope="session")
def default_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("default")
    result = run("build", "-o", out)
    assert result.exit_code == 0, result.output
    BUILD_OUTPUT[out] = result.output
    return out


@pytest.fixture(scope="session")
def example_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("example")
    result = run("build", EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    BUILD_OUTPUT[out] = result.output
    return out


@pytest.fixture(scope="session")
def coop_build(tmp_path_factory):
    """The cooperatives' kit, built once with --strict (no warning allowed)."""
    out = tmp_path_factory.mktemp("coop")
    result = run("build", "cooperatives-numerique", "-o", out, "--strict")
    assert result.exit_code == 0, result.output
    BUILD_OUTPUT[out] = result.output
    return out


@pytest.fixture
def kit_copy(tmp_path):
    """A writable copy of the small example kit."""
    dst = tmp_path / "kit"
    shutil.copytree(EXAMPLE, dst)
    return dst


# -- options and markers ---------------------------------------------------------------------------------
def pytest_addoption(parser):
    parser.addoption(
        "--slow", action="store_true", default=False, help="also run the slow exhaustive tests (marked slow)"
    )
    parser.addoption(
        "--refresh-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/<kit>.json from the current layout (when a layout change is meant)",
    )


@pytest.fixture(autouse=True, scope="session")
def _own_user_cache(tmp_path_factory):
    """deck check keeps its results and its key in the user's cache ($XDG_CACHE_HOME/deck): the tests keep
    theirs apart, and start with none."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: exhaustive and slow; left out unless --slow or -m slow is given (CI runs them: .ci/run)"
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked slow run with --slow, or when -m names them (-m slow); else they are deselected."""
    if config.getoption("--slow") or "slow" in (config.getoption("markexpr") or ""):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]
