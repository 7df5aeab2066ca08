"""The review page (`newsmill show`), its run index (`--serve`) and `spiders check --html`,
without a browser: marks nest and cover exactly their spans, every text is escaped, records
are chosen by id or URL, the CLI behaves (real console script), the server answers only
loopback requests. The browser half is tests/test_review_browser.py.
"""

from __future__ import annotations

import gzip
import http.client
import json
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from records import bare_article

from pipeline.cli import main
from pipeline.maintain.review import Mark, collect_marks, mark_up, render_page, select_record
from pipeline.maintain.review_server import serve_review

NEWSMILL = Path(sys.executable).with_name("newsmill")
FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = '<script>alert("t")</script>" onload="alert(1)" <img src=x onerror=alert(2)>'


def run_newsmill(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    return subprocess.run(
        [str(NEWSMILL), *args], capture_output=True, text=True, timeout=timeout, check=False
    )


class _Walker(HTMLParser):
    """Checks that ``<mark>`` tags nest and records which characters each mark covers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.open: list[str] = []
        self.cover: dict[str, set[int]] = {}
        self.firsts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag == "mark", tag
        a = dict(attrs)
        self.open.append(a["data-i"] or "")
        if "more" not in (a["class"] or "").split():
            self.firsts.append(a["data-i"] or "")

    def handle_endtag(self, tag: str) -> None:
        assert tag == "mark"
        assert self.open, "a closing tag with nothing open"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        at = sum(len(t) for t in self.text)
        for ident in self.open:
            self.cover.setdefault(ident, set()).update(range(at, at + len(data)))
        self.text.append(data)


def walk(fragment: str) -> _Walker:
    walker = _Walker()
    walker.feed(fragment)
    walker.close()
    assert not walker.open, "marks left open"
    return walker


def test_a_quote_holding_names_and_a_figure_nests_them():
    text = 'She said "Amnesty International counted 900 complaints in Minsk" on Monday.'
    q0, q1 = text.index('"') + 1, text.rindex('"')
    org = text.index("Amnesty International")
    fig = text.index("900 complaints")
    marks = [
        Mark(q0, q1, "quote", 0, "quote"),
        Mark(org, org + 21, "e-ORG", 1, "ORG"),
        Mark(fig, fig + 14, "figure", 2, "figure"),
        Mark(text.index("Minsk"), text.index("Minsk") + 5, "e-GPE", 3, "GPE"),
    ]
    html = mark_up(text, marks)
    w = walk(html)
    assert "".join(w.text) == text
    assert html.index("k-quote") < html.index("k-e-ORG") < html.index("k-figure")
    assert sorted(w.firsts) == ["0", "1", "2", "3"]
    assert w.cover["1"] == set(range(org, org + 21))


def test_crossing_spans_are_split_into_nested_pieces():
    text = "the Prosecutor General of Belarus said"
    a = Mark(4, 23, "e-ORG", 0, "org")  # Prosecutor General
    b = Mark(15, 33, "e-GPE", 1, "crosses")  # General of Belarus
    html = mark_up(text, [a, b])
    w = walk(html)
    assert "".join(w.text) == text
    assert w.cover["0"] == set(range(4, 23))
    assert w.cover["1"] == set(range(15, 33))
    assert w.firsts.count("1") == 1
    assert html.count('data-i="1"') == 2  # two pieces, one counted


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab<>&\"' \n", min_size=1, max_size=40).flatmap(
        lambda text: st.tuples(
            st.just(text),
            st.lists(
                st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(
                    lambda se: se[0] < se[1]
                ),
                max_size=8,
            ),
        )
    ),
    st.lists(st.sampled_from(["quote", "figure", "date", "e-ORG", "e-GPE"]), min_size=8),
)
def test_any_spans_nest_and_cover_exactly_their_characters(case, kinds):
    text, spans = case
    marks = [Mark(s, e, kinds[i], i, f"tip {i}") for i, (s, e) in enumerate(spans)]
    w = walk(mark_up(text, marks))
    assert "".join(w.text) == text
    assert sorted(w.firsts, key=int) == [str(i) for i in range(len(marks))]
    for m in marks:
        assert w.cover[str(m.index)] == set(range(m.start, m.end))


def hostile_record(tmp_title: str = HOSTILE) -> dict:
    """A record whose every text field is an attack, with entities over the hostile text."""
    text = f"Intro {HOSTILE} and </mark></div><script>alert(3)</script> end. Minsk 900 people."
    record = json.loads(
        bare_article(
            "https://example.org/a?x=<script>", site="ex<b>site", title=tmp_title, text=text
        ).to_json()
    )
    start = text.index("<script>")
    record.update(
        authors=[HOSTILE],
        lead=HOSTILE,
        section='"><svg onload=alert(4)>',
        published_at="2020-10-28T00:00:00Z",
        url="javascript:alert(5)",
        entities=[
            {"text": text[start : start + 8], "label": '"><script>alert(6)</script>',
             "canonical": HOSTILE, "start": start, "end": start + 8, "source": "model"},
            {"text": "Minsk", "label": "GPE", "canonical": "Minsk",
             "start": text.index("Minsk"), "end": text.index("Minsk") + 5, "source": "rule"},
        ],
        figures=[{"text": "900 people", "value": 900.0, "upper": None, "approximate": False,
                  "qualifier": HOSTILE, "unit": None, "noun": "people",
                  "start": text.index("900"), "end": text.index("900") + 10}],
        quotes=[{"text": text[6:40], "speaker": HOSTILE, "start": 6, "end": 40}],
        people=[{"name": HOSTILE, "mentions": 1, "role": HOSTILE}],
        places=[{"name": "Minsk", "mentions": 1, "role": None}],
    )  # fmt: skip
    record["extraction"]["warnings"] = [HOSTILE]
    record["extraction"]["cleaning"] = {HOSTILE: 1}
    record["x_new_field"] = [{"note": HOSTILE}]
    return record


def test_every_text_of_a_hostile_record_is_escaped():
    page = render_page(hostile_record())
    assert page.count("<script") == 1  # the page's own, at the end
    assert page.rstrip().endswith("</html>")
    assert "<img" not in page
    assert "<svg" not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page
    assert "&quot; onload=&quot;alert(1)&quot;" in page
    # no hostile label reaches a class name or a CSS rule
    labels = re.findall(r"k-e-([^\s\"{}:)]*)", page)
    assert labels
    assert all(re.fullmatch(r"[A-Za-z0-9_]+", label) for label in labels), labels
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    assert "default-src &#x27;none&#x27;" in csp.group(1)
    assert "unsafe-inline" not in csp.group(1)


def test_marks_of_a_record_count_its_items_and_report_bad_offsets():
    record = hostile_record()
    record["dates"] = [
        {"text": "nowhere", "value": None, "granularity": None, "start": 5000, "end": 5007}
    ]
    record["entities"].append(dict(record["entities"][1], text="Pinsk"))  # text differs
    marks, problems = collect_marks(record)
    assert len(marks) == 1 + 1 + len(record["entities"])  # quote, figure, entities; no date
    assert any("dates not marked" in p for p in problems)
    assert any("entities whose text differs" in p for p in problems)
    page = render_page(record)
    assert "1 dates not marked: offsets outside the text" in page


def test_unknown_fields_show_as_generic_tables():
    record = hostile_record()
    record["events"] = [{"kind": "protest", "where": "Minsk", "start": 1, "end": 4}]
    record["entities"][1]["wikidata"] = "Q2280"
    record["new_scalar"] = 42
    page = render_page(record)
    assert "<h2>events" in page
    assert "protest" in page
    assert "wikidata: Q2280" in page  # in the hover text of the mark
    assert "new_scalar" in page


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def three_records() -> list[dict]:
    out = []
    for n, (site, title, day) in enumerate(
        [
            ("alpha", "Floods in Dhaka", "2024-05-01"),
            ("beta", "Grain deal signed", "2024-06-15"),
            ("alpha", "Recount in Tartu", None),
        ]
    ):
        rec = json.loads(
            bare_article(
                f"https://n.example/{n}", site=site, title=title, text=f"Text {n}."
            ).to_json()
        )
        rec["published_at"] = f"{day}T08:00:00Z" if day else None
        rec["organizations"] = [{"name": ["World Bank", "UN", "Court"][n], "mentions": 1,
                                 "role": None}]  # fmt: skip
        out.append(rec)
    return out


def test_select_by_id_prefix_url_and_the_errors(tmp_path):
    from pipeline.errors import ConfigError

    recs = three_records()
    path = write_jsonl(tmp_path / "run.jsonl", recs)
    assert select_record(path, record_id=recs[1]["id"][:8])["title"] == "Grain deal signed"
    assert select_record(path, url="https://n.example/2")["title"] == "Recount in Tartu"
    with pytest.raises(ConfigError, match="several records"):
        select_record(path)
    with pytest.raises(ConfigError, match="no record with URL"):
        select_record(path, url="https://n.example/9")
    with pytest.raises(ConfigError, match="at least 6"):
        select_record(path, record_id="ab")


def test_a_url_written_twice_shows_its_newest_record(tmp_path):
    old, new = three_records()[:2]
    new["url"] = old["url"]
    new["text"] = "Edited text with a lone surrogate \ud800 in it."
    path = write_jsonl(tmp_path / "run.jsonl", [old, new])
    record = select_record(path, url=old["url"])
    assert record["title"] == "Grain deal signed"
    out = tmp_path / "page.html"
    assert main(["show", str(path), "--url", old["url"], "-o", str(out)]) == 0
    assert "Edited text with a lone surrogate ? in it." in out.read_text(encoding="utf-8")


def test_a_written_page_is_readable_like_any_new_file(tmp_path):
    """``show -o`` wrote its page 0600 (the temp file's mode): the JSONL beside it is 0644."""
    import os
    import stat

    from pipeline.maintain.review import write_page

    mask = os.umask(0o022)
    try:
        write_page("<!DOCTYPE html><p>x</p>", tmp_path / "page.html")
        old = tmp_path / "old.html"
        old.write_text("")
        old.chmod(0o640)
        write_page("<!DOCTYPE html><p>y</p>", old)
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "page.html").stat().st_mode) == 0o644
    assert stat.S_IMODE(old.stat().st_mode) == 0o640  # an existing file keeps its mode


def test_show_through_the_console_script(tmp_path):
    recs = three_records()
    path = write_jsonl(tmp_path / "run.jsonl", recs)
    out = tmp_path / "page.html"
    proc = run_newsmill("show", str(path), "--url", "https://n.example/1", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "<h1>Grain deal signed</h1>" in out.read_text(encoding="utf-8")
    proc = run_newsmill("show", str(path), "--id", recs[0]["id"])
    assert proc.returncode == 0
    assert proc.stdout.startswith("<!DOCTYPE html>")
    assert "<h1>Floods in Dhaka</h1>" in proc.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "{dir}/missing.jsonl"], 2, "no such file"),
        (["show", "{dir}/run.jsonl"], 2, "several records"),
        (["show", "{dir}/run.jsonl", "--url", "https://nowhere.example/"], 2, "no record with"),
        (["show", "{dir}/bad.jsonl"], 1, "bad.jsonl:2: not a JSON record"),
        (
            ["show", "{dir}/run.jsonl", "--id", "ID", "-o", "{dir}/no/such/dir/p.html"],
            2,
            "no folder",
        ),
        (["show", "{dir}/run.jsonl", "--serve", "--id", "abcdef"], 2, "do not apply"),
    ],
)
def test_show_errors_are_one_line_and_write_nothing(tmp_path, capsys, args, code, message):
    recs = three_records()
    write_jsonl(tmp_path / "run.jsonl", recs)
    (tmp_path / "bad.jsonl").write_text(json.dumps(recs[0]) + "\n{not json\n", encoding="utf-8")
    args = [recs[0]["id"] if a == "ID" else a.format(dir=tmp_path) for a in args]
    assert main(args) == code  # the console script's entry point, in process
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("newsmill: error: ")
    assert message in err
    assert not list(tmp_path.rglob("*.html"))
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_bad_record_file_through_the_console_script(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(three_records()[0]) + "\n{not json\n", encoding="utf-8")
    page = tmp_path / "p.html"
    proc = run_newsmill("show", str(path), "--url", "https://n.example/0", "-o", str(page))
    assert proc.returncode == 1
    assert proc.stderr == f"newsmill: error: {path}:2: not a JSON record\n"
    assert not page.exists()


def test_show_an_html_page_extracts_it_first(tmp_path):
    page = tmp_path / "voa.html"
    page.write_bytes(gzip.decompress((FIXTURES / "voa" / "us_VoiceOfAmerica_2024_04_28.html.gz")
                                     .read_bytes()))  # fmt: skip
    url = json.loads((FIXTURES / "voa" / "us_VoiceOfAmerica_2024_04_28.json").read_text())["url"]
    out = tmp_path / "review.html"
    proc = run_newsmill("show", str(page), "--url", url, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert "America&#x27;s child care crisis" in html
    assert 'class="m k-e-PERSON"' in html  # enriched: Nicole Slemp is marked
    assert "Nicole Slemp" in html
    assert "<b>voa</b>" in html


def _get(url: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
    parts = urllib.request.urlparse(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""),
                 headers={"Host": host} if host else {})  # fmt: skip
    resp = conn.getresponse()
    body = resp.read().decode("utf-8")
    conn.close()
    return resp.status, dict(resp.getheaders()), body


def test_the_index_filters_by_site_date_entity_and_title(tmp_path):
    recs = three_records()
    write_jsonl(tmp_path / "a.jsonl", recs[:2])
    write_jsonl(tmp_path / "b.jsonl", [recs[2], hostile_record()])
    with serve_review(tmp_path) as base:
        status, headers, body = _get(base)
        assert status == 200
        assert "4 of 4 records" in body
        assert headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert "<script" not in body
        assert "&lt;script&gt;" in body
        assert "1 of 4 records" in _get(base + "?site=beta")[2]
        assert "2 of 4 records" in _get(base + "?site=alpha")[2]
        assert "1 of 4 records" in _get(base + "?from=2024-06-01&to=2024-12-31")[2]
        assert "1 of 4 records" in _get(base + "?entity=world+bank")[2]
        assert "1 of 4 records" in _get(base + "?q=TARTU")[2]
        assert "0 of 4 records" in _get(base + "?q=tartu&site=beta")[2]
        link = re.search(r"href='(/r/[0-9a-f]{64})'>Grain deal", body)
        assert link is not None
        status, headers, page = _get(base.rstrip("/") + link.group(1))
        assert status == 200
        assert "<h1>Grain deal signed</h1>" in page
        assert 'href="/">← all records' in page
        assert _get(base + "r/" + "0" * 64)[0] == 404
        assert _get(base + "../../etc/passwd")[0] == 404
        assert _get(base, host="evil.example:80")[0] == 403  # DNS rebinding


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_through_the_console_script_stops_cleanly(tmp_path, stop):
    write_jsonl(tmp_path / "run.jsonl", three_records())
    command = [str(NEWSMILL), "show", str(tmp_path), "--serve", "--port", "0"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            url = re.search(r"http://127\.0\.0\.1:\d+/", line)
            assert url, line
            with urllib.request.urlopen(url.group(0) + "?site=alpha", timeout=10) as resp:
                assert "2 of 3 records" in resp.read().decode()
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(url.group(0) + "r/nothing", timeout=10)
            err.value.close()
            assert err.value.code == 404
        finally:
            proc.send_signal(stop)
            _, errors = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert "Traceback" not in errors


def test_spiders_check_html_marks_what_differs(tmp_path):
    folder = tmp_path / "voa"
    folder.mkdir()
    for f in (FIXTURES / "voa").iterdir():
        shutil.copy(f, folder / f.name)
    expected = folder / "us_VoiceOfAmerica_2024_04_28.json"
    want = json.loads(expected.read_text())
    want["title"] = "A title that changed <script>alert(1)</script>"
    paragraphs = want["body"].split("\n\n")
    del paragraphs[3]
    words = paragraphs[10].split()
    paragraphs[10] = " ".join([*words[:3], "reviewed", *words[4:]])
    want["body"] = "\n\n".join(
        [*paragraphs[:6], "A paragraph the page never had.", *paragraphs[6:]]
    )
    expected.write_text(json.dumps(want))
    report = tmp_path / "report.html"
    proc = run_newsmill("spiders", "check", "voa", "--fixtures", str(tmp_path),
                        "--html", str(report))  # fmt: skip
    assert proc.returncode == 1
    html = report.read_text(encoding="utf-8")
    assert '<tr class="diff" data-field="title">' in html
    assert '<tr class="same" data-field="authors">' in html
    assert '<tr class="diff" data-field="body">' in html
    assert html.count('<tr class="missing">') == 1  # the invented paragraph
    assert html.count('<tr class="extra">') == 1  # the paragraph dropped from the JSON
    assert html.count('<tr class="changed">') == 1  # one word replaced: marked in both columns
    assert "<del>reviewed</del>" in html  # in the expected column
    assert f"<ins>{words[3]}</ins>" in html  # what the page says
    assert "A title that changed &lt;script&gt;" in html
    assert html.count("<script") == 0


def test_spiders_check_html_of_the_real_fixtures_is_all_ok(tmp_path):
    report = tmp_path / "report.html"
    proc = run_newsmill("spiders", "check", "--html", str(report))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = report.read_text(encoding="utf-8")
    assert 'class="badge ok"' in html
    assert 'class="badge bad"' not in html
    assert '<tr class="diff"' not in html
