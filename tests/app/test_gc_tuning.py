"""A serving process freezes its start-up heap and spaces out full collections; the
setting turns it off. Each case runs in a process of its own: the collector is global."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

STARTS_AN_APP = """
import asyncio, gc, json, sys
from app.gc_tuning import tune_for_serving
from app.main import create_app
from app.services.settings import Settings

settings = Settings(database_url=sys.argv[1], broadcast_url="memory://", gc_tuning=sys.argv[2] == "on")
app = create_app(settings)

async def main():
    before = gc.get_threshold()
    async with app.router.lifespan_context(app):
        print(json.dumps({"before": before, "after": gc.get_threshold(),
                          "frozen": gc.get_freeze_count(), "again": tune_for_serving()}))

asyncio.run(main())
"""


def started(tmp_path: Path, tuning: str) -> dict[str, object]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'gc.db'}"
    done = subprocess.run(
        [sys.executable, "-c", STARTS_AN_APP, url, tuning],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_started_app_freezes_its_start_up_heap_and_spaces_out_full_collections(
    tmp_path: Path,
) -> None:
    result = started(tmp_path, "on")
    assert result["before"] == [700, 10, 10]
    assert result["after"] == [700, 10, 1000]
    assert isinstance(result["frozen"], int)
    assert result["frozen"] > 10_000
    assert result["again"] is False  # once per process, however many apps start


def test_with_the_setting_off_the_collector_is_left_alone(tmp_path: Path) -> None:
    result = started(tmp_path, "off")
    assert result["after"] == [700, 10, 10]
    assert result["frozen"] == 0
    assert result["again"] is True  # nothing was tuned before
