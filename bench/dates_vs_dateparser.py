"""Compare the event-date rule set (kg.extract.dates) with dateparser on news DATE entities.

    .venv/bin/python bench/dates_vs_dateparser.py            # 40 Reuters-21578 stories
    .venv/bin/python bench/dates_vs_dateparser.py --seeds    # also: both on the seed build

Takes the first spaCy DATE entity of each of `--n` Reuters-21578 stories (a fixed shuffle;
the ids of ../shared/benchmarks/reserved_ids.txt are skipped), anchors both readers on the
story's date, and prints one JSON line per expression (id, anchor, text, rules, dateparser)
and the cost per call: the figures in README's "How good it is" come from judging these
lines by hand. With `--seeds` it also builds seeds/ once with each reader and prints
`kg eval-analyst`'s event-date scores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dateparser
import spacy
from dateparser.date import DateDataParser

import kg.extract.dates as dates
from kg.config import Settings
from kg.extract.dates import DatedText
from kg.nlp.load import MODEL_CANDIDATES

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "benchmarks"
_PERIOD = {"day": "day", "time": "day", "week": "approximate", "month": "month", "year": "year"}
_LEAD = re.compile(r"^\s*(?:on|in|at|since|by|early|late|mid-)\s*", re.IGNORECASE)


def dateparser_reading(text: str, published: str | None) -> DatedText | None:
    """dateparser's reading, anchored on `published` and preferring the past."""
    if published is None and not re.search(r"\b(?:19|20)\d{2}\b", text):
        return None  # without an anchor dateparser would read relative dates from today
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    if published:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(published[:10])
    phrase = _LEAD.sub("", text)
    found = dateparser.parse(phrase, languages=["en"], settings=settings)
    if found is None:
        return None
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
    precision = _PERIOD.get(data.period or "day", "day")
    day = found.date()
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return DatedText(day.isoformat(), precision)


def reuters_expressions(n: int) -> list[tuple[str, str, str]]:
    reserved = {
        line.strip()
        for line in (BENCH / "reserved_ids.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    lines = (BENCH / "reuters21578" / "reuters21578.jsonl").read_text().splitlines()
    stories = [json.loads(line) for line in lines]
    stories = [s for s in stories if s["id"] not in reserved and s.get("date")]
    random.Random(17).shuffle(stories)
    nlp = _load_model()
    found: list[tuple[str, str, str]] = []
    for story in stories:
        anchor = dt.datetime.strptime(story["date"].split()[0], "%d-%b-%Y").date().isoformat()
        entity = next((e for e in nlp(story["text"][:1500]).ents if e.label_ == "DATE"), None)
        if entity is not None:
            found.append((story["id"], anchor, entity.text))
        if len(found) >= n:
            break
    return found


def _load_model() -> spacy.language.Language:
    for name in MODEL_CANDIDATES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise SystemExit("no spaCy model installed")


def compare(n: int) -> None:
    expressions = reuters_expressions(n)
    cost = {"rules": 0.0, "dateparser": 0.0}
    for story, anchor, text in expressions:
        readings = []
        for name, reader in (("rules", dates.normalise_date), ("dateparser", dateparser_reading)):
            start = time.perf_counter()
            reading = reader(text, anchor)
            cost[name] += time.perf_counter() - start
            readings.append(reading and [reading.day, reading.precision])
        _say(json.dumps([story, anchor, text, *readings]))
    for name, seconds in cost.items():
        _say(f"# {name}: {1000 * seconds / len(expressions):.3f} ms per expression")


def score_seeds() -> None:
    from kg.pipeline import build  # imported late: the reader is swapped in before a build

    rules = dates.normalise_date
    for name, reader in (("rules", rules), ("dateparser", dateparser_reading)):
        dates.normalise_date = reader
        with tempfile.TemporaryDirectory() as tmp:
            build([str(ROOT / "seeds")], Settings(out_dir=Path(tmp) / "out", viewer=False))
            graph = str(Path(tmp) / "out" / "graph.ttl")
            scores = subprocess.run(
                [str(ROOT / ".venv/bin/kg"), "eval-analyst", "--seeds", graph],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
        _say(f"# seeds, {name}:")
        _say("\n".join(line for line in scores.splitlines() if "event" in line))
    dates.normalise_date = rules


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="Reuters stories to read")
    parser.add_argument("--seeds", action="store_true", help="also score both on the seeds")
    args = parser.parse_args()
    compare(args.n)
    if args.seeds:
        score_seeds()


if __name__ == "__main__":
    main()
