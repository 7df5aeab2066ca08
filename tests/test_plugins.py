"""Spiders from other packages, through the ``newsmill.spiders`` entry-point group.

``tests/plugin_pkg`` is a real package: it is built and installed with pip (offline: no
index, no build isolation, hatchling from the test extra) into a temporary folder that the
CLI subprocesses get on ``PYTHONPATH``, so the developer's environment is never changed.
The error cases use hand-written ``.dist-info`` folders. Budget: about 5 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.spider import load_spiders

PLUGIN_SRC = Path(__file__).parent / "plugin_pkg"


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory) -> Path:
    """The example plugin installed into a folder of its own."""
    target = tmp_path_factory.mktemp("plugin-site")
    build = tmp_path_factory.mktemp("plugin-src") / "plugin_pkg"
    # build from a copy: an in-tree build must not leave build/ or egg-info in the repo
    shutil.copytree(PLUGIN_SRC, build, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-index", "--no-build-isolation", "--no-deps", "--target", str(target), str(build)],
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    return target


def _fake_dist(root: Path, name: str, entry_point: str, module_code: str | None = None) -> Path:
    """A minimal installed distribution declaring one ``newsmill.spiders`` entry point."""
    info = root / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[newsmill.spiders]\n{entry_point}\n")
    if module_code is not None:
        (root / f"{name}.py").write_text(module_code)
    return root


def _cli(
    *args: str, path: Path, plugins: tuple[str, ...] = ("example_plugin",)
) -> subprocess.CompletedProcess[str]:
    """The CLI with ``path`` importable and a config naming ``plugins`` (they are opt-in)."""
    config = path / "plugins.toml"
    config.write_text(f"[spiders]\nplugins = {list(plugins)!r}\n".replace("'", '"'))
    env = {**os.environ, "PYTHONPATH": str(path), "NEWSMILL_CONFIG": str(config)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_installed_package_adds_a_spider(plugin_site):
    listed = _cli("spiders", "list", path=plugin_site)
    assert listed.returncode == 0, listed.stderr
    line = next(x for x in listed.stdout.splitlines() if x.startswith("example_plugin"))
    assert "example.org" in line
    assert "newsmill_example_plugin.spider" in line
    assert "voa" in listed.stdout  # the shipped spiders are still there


def test_a_plugin_spider_is_checked_on_its_own_fixtures(plugin_site):
    fixtures = plugin_site / "newsmill_example_plugin" / "fixtures"
    done = _cli("spiders", "check", "example_plugin", "--fixtures", str(fixtures), path=plugin_site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "example_plugin" in done.stdout
    assert "flood-relief" in done.stdout
    assert done.stdout.rstrip().endswith("ok")
    # without its fixtures folder a named plugin spider is reported, not silently passed
    bare = _cli("spiders", "check", "example_plugin", path=plugin_site)
    assert bare.returncode == 1
    assert "example_plugin" in bare.stdout
    assert "no fixtures" in bare.stdout


def test_the_plugin_is_not_loaded_unless_installed():
    assert "example_plugin" not in load_spiders()


def test_a_plugin_reusing_a_shipped_name_is_an_error(tmp_path):
    code = "from pipeline.spider import Spider\n\nclass Voa(Spider):\n    name = 'voa'\n"
    site = _fake_dist(tmp_path, "dup_plugin", "voa = dup_plugin:Voa", code)
    done = _cli("spiders", "list", path=site, plugins=("voa",))
    assert done.returncode == 2
    assert done.stderr.startswith("newsmill: error: duplicate spider name 'voa'")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("entry_point", "code", "message"),
    [
        ("broken = broken_plugin", "import no_such_module\n", "failed to load: ModuleNotFound"),
        ("broken = broken_plugin:Thing", "class Thing:\n    pass\n", "is not a Spider subclass"),
    ],
)
def test_a_broken_plugin_is_one_line_error(tmp_path, entry_point, code, message):
    site = _fake_dist(tmp_path, "broken_plugin", entry_point, code)
    done = _cli("spiders", "list", path=site, plugins=("broken",))
    assert done.returncode == 2
    assert "spider plugin 'broken'" in done.stderr
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
