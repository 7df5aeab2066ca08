"""The ``newsmill`` command line (Typer).

Data goes to files or stdout, logs and errors to stderr. Exit codes (design.md):
0 ok (also "nothing new"), 1 some pages failed, 2 usage or config error (a missing input
file too), 3 nothing written / error rate over limit, 4 the run was stopped (SIGTERM/SIGINT),
65 an input archive was damaged, 74 output failed (closed pipe, full disk, unwritable
``--out``), 75 another run holds the lock.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

import models
from pipeline import __version__
from pipeline.config import Settings, allow_networks, load_settings
from pipeline.errors import (
    ConfigError,
    InputError,
    LockHeld,
    ModelError,
    NewsmillError,
    OutputError,
    SpiderError,
)
from pipeline.runs.bookkeeping import (
    EXIT_DAMAGED,
    EXIT_FAILED,
    EXIT_LOCKED,
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_STOPPED,
    EXIT_USAGE,
)
from pipeline.urls import http_url

if TYPE_CHECKING:
    from pipeline.runs.crawl import CrawlResult
    from pipeline.runs.workers import Bounded
    from pipeline.spider import Spider

__all__ = ["EXIT_DAMAGED", "EXIT_OUTPUT", "EXIT_STOPPED", "app", "main"]

#: The one network ``newsmill demo`` allows past the address guard: its own server.
DEMO_NET = "127.0.0.1/32"

app = typer.Typer(
    name="newsmill",
    help="Crawl news sites, extract and clean articles, enrich them, write JSONL.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
spiders_app = typer.Typer(help="Inspect the registered spiders.", no_args_is_help=True)
app.add_typer(spiders_app, name="spiders")
fixture_app = typer.Typer(help="Record and update spider fixture pages.", no_args_is_help=True)
app.add_typer(fixture_app, name="fixture")

log = logging.getLogger("newsmill")

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="TOML settings file.", show_default=False)
]
UrlValue = TypeVar("UrlValue", str | None, list[str] | None)
LogFormatOpt = Annotated[
    str, typer.Option("--log-format", help="Log lines as 'text' or 'json' (for cron).")
]


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {
                "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
                "level": record.levelname.lower(),
                "logger": record.name,
                "message": record.getMessage(),
            },
            ensure_ascii=False,
        )


def _setup_logging(fmt: str = "text", verbose: bool = False) -> None:
    if fmt not in ("text", "json"):
        raise ConfigError(f"--log-format must be 'text' or 'json', not {fmt!r}")
    from pipeline.crawl.netguard import RedactCredentials

    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactCredentials())  # no user:password@ of a URL in any log line
    handler.setFormatter(
        _JsonFormatter()
        if fmt == "json"
        else logging.Formatter("newsmill: %(levelname)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # a library's warning is a log line too, so every stderr line has the format asked for
    logging.captureWarnings(fmt == "json")
    # readability-lxml logs its internal retries at INFO ("ruthless removal did not work"):
    # nothing a newsmill user can act on
    # pymorphy3 (Russian morphology) announces the dictionaries it loads at INFO
    for noisy in ("httpx", "httpcore", "readability", "pymorphy3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # htmldate logs a page it cannot parse as an ERROR; for newsmill that page merely has no
    # date from htmldate (the record says where its date came from), so only its criticals
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def _http_urls(value: UrlValue) -> UrlValue:
    """Option callback: every URL given must be an absolute http(s) URL with a host."""
    for url in [value] if isinstance(value, str) else value or []:
        if http_url(url) != url or any(c.isspace() for c in url):
            raise typer.BadParameter(
                f"{url!r} is not an absolute URL with http:// or https:// and a host"
            )
    return value


def _error(message: str) -> None:
    """One error line on stderr: through the log handler when it writes JSON lines or
    shares stderr with a progress bar, so every stderr line keeps one format."""
    handlers = logging.getLogger().handlers
    if any(
        isinstance(h, _ProgressBar) or isinstance(h.formatter, _JsonFormatter) for h in handlers
    ):
        log.error("%s", message)
    else:
        typer.echo(f"newsmill: error: {message}", err=True)


def _settings(config: Path | None, **overrides: object) -> Settings:
    """The run's settings; the third-party spiders they name (``[spiders] plugins``) load."""
    settings = load_settings(config, **overrides)
    if settings.plugins:
        from pipeline.spider import load_spiders

        load_spiders(plugins=settings.plugins)
    return settings


def _require_model(settings: Settings) -> None:
    """Load the NER model before any work, so a missing model fails at start-up (exit 2)."""
    from pipeline.enrich import load_nlp

    try:
        load_nlp(settings.ner_model, settings.ner_model_fallbacks)
    except ModelError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"newsmill {__version__}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(EXIT_USAGE)


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="HTML files, or - for stdin; with --warc WARC files or folders of them.",
            metavar="PATH",
            show_default=False,
        ),
    ],
    url: Annotated[
        str | None,
        typer.Option(help="The page's URL (one input only).", callback=_http_urls),
    ] = None,
    spider: Annotated[str | None, typer.Option(help="Spider to use (default: by URL).")] = None,
    no_enrich: Annotated[bool, typer.Option("--no-enrich", help="Skip NER/dates/figures.")] = False,
    config: ConfigOpt = None,
    warc: Annotated[
        bool, typer.Option("--warc", help="The inputs are WARC files (.warc, .warc.gz).")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="With --warc: output folder (default stdout).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="With --warc: published since 2d, ISO date.")
    ] = None,
    site: Annotated[
        list[str] | None, typer.Option("--site", help="With --warc: keep this spider's pages.")
    ] = None,
    domain: Annotated[
        list[str] | None, typer.Option("--domain", help="With --warc: keep this host's pages.")
    ] = None,
    max_articles: Annotated[
        int | None, typer.Option("--max-articles", min=1, help="With --warc: stop after N.")
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="With --warc --out: run on tcp://HOST:PORT or local:N."),
    ] = None,
    log_format: LogFormatOpt = "text",
) -> None:
    """Extract HTML files (or stdin) to JSONL on stdout, one record per input, in order.

    With --warc, read WARC archives instead: HTML 200 responses, each routed to its site
    spider (or the generic one), to stdout or to DIR/<site>/part-*.jsonl with a manifest.
    """

    _setup_logging(log_format)
    if warc:
        bar = _ProgressBar(unit="files") if _show_progress(log_format) else None
        try:
            code = _extract_warc(
                _warc_inputs(paths),
                out,
                spider=spider,
                enrich=not no_enrich,
                config=config,
                since=since,
                sites=site,
                domains=domain,
                max_articles=max_articles,
                dask=dask,
                progress=bar,
            )
        finally:
            if bar is not None:
                bar.close()
        raise typer.Exit(code)
    if out or since or site or domain or max_articles or dask:
        _error("--out, --since, --site, --domain, --max-articles and --dask need --warc")
        raise typer.Exit(EXIT_USAGE)
    if url and len(paths) > 1:
        _error(f"--url applies to a single input; got {len(paths)} inputs")
        raise typer.Exit(EXIT_USAGE)
    missing = [p for p in paths if p != "-" and not Path(p).is_file()]
    if missing:  # a typo in a path is a usage error, found before any work
        what = "a directory, not a file" if Path(missing[0]).is_dir() else "no such file"
        _error(f"{missing[0]}: {what}")
        raise typer.Exit(EXIT_USAGE)
    settings = _settings(config)
    if not no_enrich:
        _require_model(settings)
    bar = _ProgressBar(unit="files") if len(paths) > 1 and _show_progress(log_format) else None
    raise typer.Exit(_extract_files(paths, url, spider, settings, enrich=not no_enrich, bar=bar))


def _extract_files(
    paths: list[str],
    url: str | None,
    spider: str | None,
    settings: Settings,
    *,
    enrich: bool,
    bar: _ProgressBar | None,
) -> int:
    """Extract each input to stdout in order, one failing input costing only itself; the
    exit code."""
    from pipeline.runs.workers import Bounded, kill_timeout

    written = failed = 0
    # a page stops itself at its budget; one stuck mid-stage is killed a grace later
    bounded = Bounded(kill_timeout(settings.page_budget))
    try:
        for done, path in enumerate(paths):
            ok = _extract_one(path, url, spider, settings, enrich=enrich, bounded=bounded)
            written += ok
            failed += not ok
            if bar is not None:
                bar({"done": done + 1, "total": len(paths), "written": written, "failed": failed})
    finally:
        bounded.close()
        if bar is not None:
            bar.close()
    if not failed:
        return EXIT_OK
    if len(paths) > 1:
        log.info("%d of %d inputs written, %d failed", written, len(paths), failed)
    return EXIT_FAILED if written else EXIT_NOTHING


def _extract_one(
    path: str,
    url: str | None,
    spider: str | None,
    settings: Settings,
    *,
    enrich: bool,
    bounded: Bounded,
) -> bool:
    """Extract one input to stdout; False (and one error line) when it cannot be.

    The page is extracted in a worker process stopped at the page budget (``bounded``),
    then enriched here, by the archive path's function."""
    from pipeline.api import enrich_articles, extract_article

    name = "<stdin>" if path == "-" else path
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        _error(f"{name}: cannot read: {exc.strerror or exc}")
        return False
    page_url = url or (None if path == "-" else Path(path).resolve().as_uri())
    try:
        article = bounded(
            extract_article, data, page_url, spider=spider, enrich=False, settings=settings
        )
        if enrich:
            article = next(iter(enrich_articles([article], settings=settings)))
    except SpiderError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    except NewsmillError as exc:
        _error(f"{name}: {exc}")
        return False
    except Exception as exc:  # one odd page costs its own record, not the run
        _error(f"{name}: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
        return False
    write_line(article.to_json())
    return True


def write_line(line: str) -> None:
    """One JSONL line to stdout, flushed; :class:`OutputError` when stdout is gone."""
    try:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except OSError as exc:
        raise OutputError(f"cannot write to stdout: {exc.strerror or exc}") from None


def _warc_inputs(paths: list[str]) -> list[str]:
    """The WARC files ``extract --warc`` reads: a folder stands for the ``.warc`` and
    ``.warc.gz`` files directly in it, by name (what ``crawl --warc DIR`` writes; a file still
    being written, ``*.open``, is not one); stdin is refused with a clear message."""
    files: list[str] = []
    for item in paths:
        if item == "-":
            raise ConfigError("--warc reads files, not stdin (-): save the archive to a file")
        path = Path(item)
        if not path.is_dir():
            files.append(item)
            continue
        found = sorted(
            str(p)
            for p in path.iterdir()
            if p.name.lower().endswith((".warc", ".warc.gz")) and p.is_file()
        )
        if not found:
            raise ConfigError(f"{path} is a folder with no .warc or .warc.gz file in it")
        files.extend(found)
    return files


def _extract_warc(
    paths: list[str],
    out: Path | None,
    *,
    spider: str | None,
    enrich: bool,
    config: Path | None,
    since: str | None,
    sites: list[str] | None,
    domains: list[str] | None,
    max_articles: int | None,
    dask: str | None,
    progress: _ProgressBar | None = None,
) -> int:
    """``newsmill extract --warc``: records to stdout (one process), or parts and a manifest
    under ``out`` (on a Dask cluster with ``dask``); the exit code. Usage problems raise
    :class:`ConfigError` before any work."""
    from pipeline.crawl.filters import parse_since
    from pipeline.runs.archive import ArchiveOptions, check_paths, run_archives, stream_archives
    from pipeline.spider import get_spider

    files = check_paths(paths)
    if spider:
        get_spider(spider)  # an unknown name is a usage error before any work
    if dask and out is None:
        raise ConfigError("--dask writes parts: give --out DIR (a folder every worker sees)")
    if out is not None:
        from pipeline.output.jsonl import check_out_dir

        check_out_dir(out)  # an unusable --out stops the run before any record is read
    settings = load_settings(config)
    if enrich:
        _require_model(settings)
    options = ArchiveOptions(
        spider=spider,
        sites=tuple(sites or ()),
        domains=tuple(domains or ()),
        since=parse_since(since) if since else None,
        max_articles=max_articles,
        enrich=enrich,
        config=config,
    )
    if out is None:
        return stream_archives(files, options, settings, progress=progress)
    if dask:
        from pipeline.runs.cluster import run_on_dask

        run = run_on_dask(files, out, options, dask)
    else:
        run = run_archives(files, out, options, progress=progress)
    log.info("manifest %s", run.manifest)
    return run.exit_code


@app.command()
def crawl(
    spiders: Annotated[
        list[str] | None, typer.Argument(help="Spider names (default: generic with --start).")
    ] = None,
    all_spiders: Annotated[bool, typer.Option("--all", help="Run every site spider.")] = False,
    start: Annotated[
        list[str] | None,
        typer.Option("--start", help="Feed, sitemap or listing URL to seed.", callback=_http_urls),
    ] = None,
    out: Annotated[
        str | None, typer.Option("--out", help="Output folder, or - for JSONL on stdout.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only articles published since: 2d, 12h, 1w or ISO date."),
    ] = None,
    max_articles: Annotated[
        int | None, typer.Option("--max-articles", min=1, help="Stop after writing N records.")
    ] = None,
    state: Annotated[
        Path | None,
        typer.Option(
            "--state", help="State database (default: STATE_DIR/crawl.sqlite).", show_default=False
        ),
    ] = None,
    no_enrich: Annotated[bool, typer.Option("--no-enrich", help="Skip NER/dates/figures.")] = False,
    config: ConfigOpt = None,
    log_format: LogFormatOpt = "text",
    warc: Annotated[
        Path | None,
        typer.Option("--warc", help="Also archive every response as WARC/1.1 in this folder."),
    ] = None,
) -> None:
    """Crawl sites: discover articles, fetch them politely, extract, enrich, write JSONL.

    Incremental: what was written before is fetched conditionally and written again only
    when it changed. Exit 0 ok (also nothing new), 1 some pages failed, 2 usage, 3 nothing
    written, 4 stopped by a signal, 74 output failed, 75 another run holds the lock.
    """
    from pipeline.runs.bookkeeping import new_run_id
    from pipeline.runs.crawl import CrawlOptions, run_crawl

    _setup_logging(log_format)
    to_stdout = out == "-"
    run_id = new_run_id()  # the manifest's, and the WARC files' (--warc)
    settings = _settings(config, out_dir=None if out is None or to_stdout else Path(out))
    options = CrawlOptions.build(
        settings,
        out="-" if to_stdout else None,
        start_urls=start,
        max_articles=max_articles,
        since=since,
        state=state if state is not None else settings.state_dir / "crawl.sqlite",
        enrich=not no_enrich,
        keep_articles=False,
        run_id=run_id,
    )
    instances = _crawl_spiders(spiders, all_spiders, start, settings)
    if not to_stdout:
        from pipeline.output.jsonl import check_out_dir

        check_out_dir(settings.out_dir)  # found before any page is fetched (exit 74)
    if not no_enrich:
        if options.state is not None:  # an overlapping run exits 75 at once, not after
            from pipeline.crawl.lock import RunLock  # the model has loaded

            try:
                with RunLock(str(options.state) + ".lock"):
                    pass
            except LockHeld as exc:
                _error(str(exc))
                raise typer.Exit(EXIT_LOCKED) from None
        _require_model(settings)
    bar = _ProgressBar() if _show_progress(log_format) else None
    archiver = None
    if warc is not None:
        from pipeline.output.warc import WarcArchiver

        archiver = WarcArchiver(warc, run_id, user_agent=settings.crawl.user_agent)
    try:
        result = run_crawl(
            instances,
            options,
            progress=bar,
            on_response=archiver.archive_fetch if archiver is not None else None,
        )
    except LockHeld as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_LOCKED) from None
    finally:
        if bar is not None:
            bar.close()
        if archiver is not None:
            archiver.close()
            log.info("archived %d WARC records in %s", archiver.records, warc)
    _report_crawl(result, "stdout" if to_stdout else f"{settings.out_dir}/", options.state)
    if archiver is not None and archiver.failed and not result.exit_code:
        raise typer.Exit(EXIT_FAILED)
    raise typer.Exit(result.exit_code)


def _crawl_spiders(
    names: list[str] | None, all_spiders: bool, start: list[str] | None, settings: Settings
) -> list[Spider]:
    """The spiders ``newsmill crawl`` was asked for (the generic one for bare ``--start``)."""
    from pipeline.spider import get_spider, load_spiders

    chosen = list(names or [])
    if all_spiders:
        chosen = [n for n in load_spiders() if n not in ("generic", "demo")]
    if not chosen and not start:
        _error("name a spider, use --all, or give --start URLs")
        raise typer.Exit(EXIT_USAGE)
    if start and len(chosen) > 1:
        _error("--start seeds one spider; name at most one")
        raise typer.Exit(EXIT_USAGE)
    unknown = sorted(n for n in settings.spiders if n not in load_spiders())
    if unknown:
        log.warning("config has sections for unknown spiders: %s", ", ".join(unknown))
    instances = [get_spider(n) for n in (chosen or ["generic"])]
    if not start and not all_spiders:
        for spider in instances:
            _require_start_points(spider)
    return instances


def _require_start_points(spider: Spider) -> None:
    """A spider crawled without ``--start`` needs start points of its own, absolute ones
    (the demo spider's are relative to the server ``newsmill demo`` starts)."""
    starts = [*spider.feeds, *spider.sitemaps, *spider.listings]
    if not starts:
        _error(f"spider {spider.name!r} has no start points: give --start URL")
        raise typer.Exit(EXIT_USAGE)
    if spider.base_url is None and not any(u.startswith(("http://", "https://")) for u in starts):
        _error(
            f"spider {spider.name!r} has start points relative to a base URL only "
            f"({', '.join(starts)}): `newsmill demo` serves its site and crawls it; "
            "or give --start URL"
        )
        raise typer.Exit(EXIT_USAGE)


def _report_crawl(result: CrawlResult, where: str, state: Path | None) -> None:
    """The log lines that end ``newsmill crawl``."""
    counts = ", ".join(f"{k} {v}" for k, v in result.counts.items() if v)
    log.info("%s; output to %s; state %s", counts or "nothing to do", where, state)
    if result.parked:
        log.warning("hosts parked: %s", ", ".join(sorted(result.parked)))
    if result.errors:
        log.info("errors: %s", ", ".join(f"{k}: {v}" for k, v in result.errors.items()))


def _show_progress(log_format: str) -> bool:
    return sys.stderr.isatty() and log_format == "text"


class _ProgressBar(logging.Handler):
    """One self-rewriting status line on stderr (only used when stderr is a terminal).

    While it is shown it is also the log handler: a log line clears the bar, is printed on
    a line of its own, and the bar is drawn again under it, so the two never run together.
    """

    def __init__(self, unit: str = "urls") -> None:
        super().__init__()
        self.unit = unit
        self.started = time.monotonic()
        self.shown = False
        self.line = ""
        root = logging.getLogger()
        self.inner = list(root.handlers)
        if self.inner:
            self.setFormatter(self.inner[0].formatter)
            self.filters = list(self.inner[0].filters)
        root.handlers[:] = [self]

    def __call__(self, counts: dict[str, int]) -> None:
        if "total" in counts:
            done, total = counts["done"], counts["total"]
        else:
            from pipeline.runs.bookkeeping import OUTCOMES

            done = sum(counts.get(k, 0) for k in OUTCOMES)
            total = counts.get("discovered", 0)
        width = 24
        filled = width * done // total if total else 0
        self.line = (
            f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {self.unit}, "
            f"{counts.get('written', 0)} written, {counts.get('failed', 0)} failed, "
            f"{time.monotonic() - self.started:.0f}s"
        )
        sys.stderr.write("\r\x1b[2K" + self.line)
        sys.stderr.flush()
        self.shown = True

    def emit(self, record: logging.LogRecord) -> None:
        message = self.format(record)
        if self.shown:
            sys.stderr.write("\r\x1b[2K" + message + "\n" + self.line)
        else:
            sys.stderr.write(message + "\n")
        sys.stderr.flush()

    def close(self) -> None:
        root = logging.getLogger()
        if self in root.handlers:
            root.handlers[:] = self.inner
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.shown = False
        super().close()


@app.command()
def demo(
    out: Annotated[Path | None, typer.Option("--out", help="Output folder.")] = None,
    no_enrich: Annotated[bool, typer.Option("--no-enrich", help="Skip NER/dates/figures.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Serve the embedded demo site on 127.0.0.1, crawl it over HTTP, print what was found."""
    from pipeline.demo.serve import serve_directory
    from pipeline.spider import get_spider

    _setup_logging()
    # the demo site is served on 127.0.0.1, which the address guard refuses unless allowed
    settings = allow_networks(_settings(config, out_dir=out, crawl={"delay": 0.05}), DEMO_NET)
    from pipeline.output.jsonl import check_out_dir

    check_out_dir(settings.out_dir)  # as crawl: found before the site is served (exit 74)
    if not no_enrich:
        _require_model(settings)
    root = demo_root()
    started = time.monotonic()
    with serve_directory(root) as base_url:
        log.info("demo site at %s (serving %s)", base_url, root)
        spider = get_spider("demo", base_url=base_url)
        result = _run_crawl([spider], settings, enrich=not no_enrich)
    _print_table(result.articles)
    _print_summary(result, settings.out_dir, seconds=time.monotonic() - started)
    raise typer.Exit(result.exit_code)


def demo_root() -> Path:
    """The demo site folder: ``data/demo`` of a checkout, else the copy in the wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "data" / "demo", here / "demo_site"):
        if (candidate / "index.html").is_file():
            return candidate
    raise ConfigError("the demo site (data/demo) is missing from this installation")


def _run_crawl(spider_list: list[Spider], settings: Settings, *, enrich: bool) -> CrawlResult:
    from pipeline.runs.crawl import CrawlOptions, run_crawl

    return run_crawl(spider_list, CrawlOptions.build(settings, enrich=enrich))


def _print_summary(result: CrawlResult, out_dir: Path, seconds: float | None = None) -> None:
    counts = ", ".join(f"{k} {v}" for k, v in result.counts.items() if v)
    took = f" in {seconds:.1f}s" if seconds is not None else ""
    typer.echo(f"\n{counts or 'nothing to do'}{took}; output under {out_dir}/", err=False)
    for part in result.parts:
        typer.echo(f"  {part}")
    if result.errors:
        errors = ", ".join(f"{k}: {v}" for k, v in result.errors.items())
        typer.echo(f"errors: {errors}", err=True)


def _print_table(articles: list[models.Article]) -> None:
    """One block per article: title, date, authors and the main things found."""
    for a in sorted(articles, key=lambda a: a.published_at or ""):
        typer.echo("")
        typer.echo(a.title)
        typer.echo(
            f"  {a.published_at or '-'}  by {', '.join(a.authors) or '-'}  "
            f"{a.word_count} words  {a.url}"
        )
        rows = [
            ("organizations", ", ".join(o.name for o in a.organizations)),
            ("people", ", ".join(p.name + (f" ({p.role})" if p.role else "") for p in a.people)),
            ("places", ", ".join(p.name for p in a.places)),
            ("dates", ", ".join(f"{d.text} → {d.value}" for d in a.dates if d.value)),
            ("figures", "; ".join(_figure(f) for f in a.figures)),
            ("quotes", str(len(a.quotes)) if a.quotes else ""),
        ]
        for label, value in rows:
            if value:
                typer.echo(f"  {label:<13} {value}")


def _figure(f: models.Figure) -> str:
    def num(x: float) -> str:
        return f"{int(x):,}" if float(x).is_integer() else f"{x:,.6g}"

    value = "?" if f.value is None else num(f.value)
    if f.upper is not None:
        value += f"–{num(f.upper)}"
    bits = [x for x in (f.qualifier, value, f.unit, f.noun) if x]
    return " ".join(bits) + (" ~" if f.approximate else "")


@spiders_app.command("list")
def spiders_list(config: ConfigOpt = None) -> None:
    """List the registered spiders (with the plugins the config names), domains, start points."""
    from pipeline.spider import load_spiders

    _settings(config)

    for name, cls in load_spiders().items():
        domains = ", ".join(cls.domains) or ("(any)" if name == "generic" else "-")
        typer.echo(f"{name:<12} {domains:<28} {cls.__module__}")
        kinds = (("feed", cls.feeds), ("sitemap", cls.sitemaps), ("listing", cls.listings))
        starts = [(kind, url) for kind, urls in kinds for url in urls]
        for kind, url in starts:
            note = "" if url.startswith(("http://", "https://")) else "  (relative to base_url)"
            typer.echo(f"{'':<13}{kind:<8} {url}{note}")
        if not starts:
            typer.echo(f"{'':<13}no start points: give crawl --start URL")


FixturesOpt = Annotated[
    Path | None,
    typer.Option("--fixtures", help="Fixtures folder (default: tests/fixtures of the checkout)."),
]


@spiders_app.command("check")
def spiders_check(
    names: Annotated[list[str] | None, typer.Argument(help="Spiders (default: all).")] = None,
    live: Annotated[
        bool, typer.Option("--live", help="Crawl one article per start point from the site.")
    ] = False,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", help="With --live: a mirror or test server.", callback=_http_urls
        ),
    ] = None,
    fixtures: FixturesOpt = None,
    config: ConfigOpt = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write expected and extracted side by side here."),
    ] = None,
) -> None:
    """Run spiders on their fixture pages (or live) and report every field that differs."""
    from pipeline.maintain import check

    _setup_logging()
    if base_url and not live:
        _error("--base-url applies to --live")
        raise typer.Exit(EXIT_USAGE)
    if html and live:
        _error("--html reports fixture checks; it does not apply to --live")
        raise typer.Exit(EXIT_USAGE)
    root = fixtures or check.default_fixtures_root()
    settings = _settings(config)  # loads the plugin spiders the config names
    if live:
        raise typer.Exit(_check_live(names, base_url, root, settings))
    results, missing = check.check_spiders(names, root)
    for name in missing:
        typer.echo(f"{name:<12} no fixtures: record one with newsmill fixture record {name} URL")
    for r in results:
        state = "ok" if r.ok else (r.error or f"{len(r.diffs)} field(s) differ")
        typer.echo(f"{r.spider:<12} {r.slug:<40} {state}")
        for diff in r.diffs:
            typer.echo(f"{'':<15}{diff}")
    if html is not None:
        from pipeline.maintain.check_report import render_check_report
        from pipeline.maintain.review import write_page

        write_page(render_check_report(results, missing), html)
        typer.echo(f"wrote {html}", err=True)
    bad = sum(not r.ok for r in results)
    spiders = len({r.spider for r in results} | set(missing))
    typer.echo(f"{len(results)} fixtures of {spiders} spiders: {len(results) - bad} ok", err=True)
    raise typer.Exit(EXIT_FAILED if bad or missing else EXIT_OK)


def _check_live(
    names: list[str] | None, base_url: str | None, root: Path, settings: Settings
) -> int:
    from pipeline.maintain import check
    from pipeline.spider import get_spider, load_spiders

    selected = names or [n for n in load_spiders() if n not in check.NO_FIXTURES_NEEDED]
    broken = 0
    for name in selected:
        spider = get_spider(name, base_url=base_url)
        relative = [u for u in spider.start_urls() if not u.startswith(("http://", "https://"))]
        if relative:
            typer.echo(f"{name:<12} skipped: relative start points, give --base-url")
            broken += bool(names)
            continue
        report = check.live_check(
            spider, settings=settings, expect=check.fields_to_expect(name, root)
        )
        typer.echo(f"{name:<12} live {'ok' if report.ok else 'BROKEN'}")
        for line in report.problems:
            typer.echo(f"{'':<15}{line}")
        for line in report.notes:
            typer.echo(f"{'':<15}{line}")
        broken += not report.ok
    return EXIT_FAILED if broken else EXIT_OK


@app.command()
def genspider(
    name: Annotated[str, typer.Argument(help="Spider name: lower-case, digits, underscores.")],
    domain: Annotated[str, typer.Argument(help="The site's domain, e.g. example.com.")],
    feed: Annotated[str | None, typer.Option("--feed", help="An RSS/Atom feed URL.")] = None,
) -> None:
    """Write spiders/NAME.py from a template, and its fixture folder."""
    from pipeline.maintain.check import require_checkout
    from pipeline.maintain.genspider import generate_spider

    root = require_checkout(_checkout_root())
    made = generate_spider(name, domain, root=root, feed=feed)
    typer.echo(f"wrote {made.module}")
    typer.echo(f"made  {made.fixtures}/")
    typer.echo(f"next: newsmill fixture record {name} <an article URL under {made.listing}>")


@fixture_app.command("record")
def fixture_record(
    spider: Annotated[str, typer.Argument(help="The spider the fixture belongs to.")],
    source: Annotated[
        str | None, typer.Argument(help="Page URL or HTML file (with --update: optional).")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="The address of a FILE.", callback=_http_urls)
    ] = None,
    slug: Annotated[str | None, typer.Option("--slug", help="File name (default: URL's).")] = None,
    update: Annotated[
        bool, typer.Option("--update", help="Re-extract stored pages, rewrite JSON, show diff.")
    ] = False,
    fixtures: FixturesOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Store a page as tests/fixtures/SPIDER/<slug>.html.gz with its extracted JSON."""
    from pipeline.maintain.check import default_fixtures_root
    from pipeline.maintain.fixture import record_fixture, update_fixtures

    _setup_logging()
    root = fixtures or default_fixtures_root()
    if update:
        for done in update_fixtures(spider, root=root, source=source):
            typer.echo(done.diff, nl=False)
            typer.echo(f"{'updated' if done.diff else 'unchanged'} {done.json}", err=True)
        return
    if source is None:
        _error("give a page URL or an HTML file (or --update)")
        raise typer.Exit(EXIT_USAGE)
    done = record_fixture(spider, source, root=root, url=url, slug=slug, settings=_settings(config))
    typer.echo(f"wrote {done.page}")
    typer.echo(f"wrote {done.json}  <- review it, then: newsmill spiders check {spider}")


def _checkout_root() -> Path:
    import spiders

    return Path(next(iter(spiders.__path__))).resolve().parent


@app.command()
def export(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="JSONL files, folders or globs (default: the output folder)."),
    ] = None,
    parquet: Annotated[
        Path | None, typer.Option("--parquet", help="Write <table>.parquet files here.")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Write the analysts' tables (articles, entities, people, figures, ...) as Parquet."""
    from pipeline.output.tables import export_parquet, input_files

    _setup_logging()
    if parquet is None:
        _error("give --parquet DIR")
        raise typer.Exit(EXIT_USAGE)
    sources = inputs or [str(_settings(config).out_dir)]
    try:
        input_files(sources)  # a missing input is a usage error, found before any work
    except InputError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    for table, (path, rows) in export_parquet(sources, parquet).items():
        typer.echo(f"{table:<14} {rows:>8} rows  {path}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of one record (schema version 1)."""
    sys.stdout.write(models.json_schema_text())


@app.command()
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="newsmill JSONL files, or run folders (their */part-*.jsonl and *.jsonl).",
            metavar="FILE",
        ),
    ],
) -> None:
    """Check JSONL files record by record; report file, line and field of every problem."""
    paths: list[Path] = []
    for given in files:  # every input is found before any is read (exit 2)
        if given.is_dir():
            found = sorted({*given.glob("*/part-*.jsonl"), *given.glob("*.jsonl")})
            if not found:
                _error(f"no JSONL files in {given}")
                raise typer.Exit(EXIT_USAGE)
            paths += found
        elif given.is_file():
            paths.append(given)
        else:
            _error(f"cannot read {given}: No such file or directory")
            raise typer.Exit(EXIT_USAGE)
    results = [_validate_file(path) for path in dict.fromkeys(paths)]
    if not all(results):
        raise typer.Exit(EXIT_FAILED)


#: ``newsmill validate`` gives up on a file after this many lines that are not JSON
_VALIDATE_NOT_JSON = 20


def _validate_file(file: Path) -> bool:
    """``newsmill validate`` of one file: its problems on stderr, its count; whether valid."""
    from pipeline.output.validate import Problem, validate_lines

    try:
        fh = file.open(encoding="utf-8", errors="strict")
    except OSError as exc:
        _error(f"cannot read {file}: {exc.strerror or exc}")
        raise typer.Exit(EXIT_USAGE) from None
    bad_lines: set[int] = set()
    not_json = 0
    count = 0
    try:
        with fh:
            for item in validate_lines(fh):
                if isinstance(item, Problem):
                    bad_lines.add(item.line)
                    typer.echo(f"{file}:{item}", err=True)
                    not_json += item.field == "(line)"
                    if not_json == _VALIDATE_NOT_JSON:  # an HTML page given by mistake
                        typer.echo(
                            f"{file}: stopped after {not_json} lines that are not JSON: "
                            "is it a newsmill JSONL file?",
                            err=True,
                        )
                        return False
                else:
                    count = item
    except UnicodeDecodeError:
        _error(f"{file} is not UTF-8 text")
        return False
    if bad_lines:
        typer.echo(f"{file}: {len(bad_lines)} of {count} records invalid", err=True)
        return False
    typer.echo(f"{file}: {count} records valid (schema v{models.SCHEMA_VERSION})")
    return True


@app.command()
def show(
    source: Annotated[
        Path, typer.Argument(help="JSONL file or run folder; or an HTML page to extract first.")
    ],
    record_id: Annotated[
        str | None, typer.Option("--id", help="The record's id (or 6+ leading characters).")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="The record's URL; for an HTML page, its address.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Write the page here (default: stdout).")
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Serve an index of every record on 127.0.0.1.")
    ] = False,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="With --serve (0: any free port).")
    ] = 8765,
    spider: Annotated[
        str | None, typer.Option(help="For an HTML page: spider to use (default: by URL).")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Review what was extracted: one record as an HTML page, the text with every entity,
    date, figure and quote marked; or, with --serve, browse every record of a run."""
    from pipeline.maintain import review

    _setup_logging()
    if serve:
        from pipeline.maintain.review_server import serve_forever

        if record_id or url or out or spider:
            _error("--serve shows every record; --id, --url, -o and --spider do not apply")
            raise typer.Exit(EXIT_USAGE)
        raise typer.Exit(serve_forever(source, port=port, echo=typer.echo))
    if not source.exists():
        _error(f"no such file or folder: {source}")
        raise typer.Exit(EXIT_USAGE)
    if review.is_html_source(source):
        if record_id:
            _error("--id selects a record of a JSONL file; an HTML page is one record")
            raise typer.Exit(EXIT_USAGE)
        settings = _settings(config)
        _require_model(settings)
        record = review.extract_record(source, url=url, spider=spider, settings=settings)
    else:
        record = review.select_record(source, record_id=record_id, url=url)
    page = review.render_page(record)
    if out is None:
        sys.stdout.buffer.write(page.encode("utf-8", errors="replace"))
        sys.stdout.flush()
        return
    review.write_page(page, out)
    typer.echo(f"wrote {out}", err=True)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: run the CLI, turn errors into one line and an exit code."""
    click_error, usage_error = _click_errors()
    if _asks_json(sys.argv[1:] if argv is None else argv):
        # before Click parses: its usage errors (exit 2) are JSON lines too
        _setup_logging("json")
    try:
        code = app(args=argv, prog_name="newsmill", standalone_mode=False)
    except usage_error as exc:  # one line naming the problem, exit 2
        if "NoArgsIsHelpError" in {c.__name__ for c in type(exc).__mro__}:
            typer.echo(str(exc), err=True)  # a command group alone: its help
        else:
            _error(_usage_message(exc, getattr(exc, "ctx", None)))
        return EXIT_USAGE
    except click_error as exc:
        _error(_usage_message(exc, None))
        return int(getattr(exc, "exit_code", EXIT_USAGE))
    except typer.Abort:
        _error("interrupted")
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except (ConfigError, SpiderError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    except OutputError as exc:  # stdout closed, disk full, --out unwritable: stop at once
        _error(str(exc))
        _silence_stdout()
        return EXIT_OUTPUT
    except BrokenPipeError:
        _error("cannot write to stdout: the reader closed the pipe")
        _silence_stdout()
        return EXIT_OUTPUT
    except NewsmillError as exc:
        _error(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except Exception as exc:  # never a traceback for the user
        if logging.getLogger().isEnabledFor(logging.DEBUG):
            raise
        _error(f"internal error: {type(exc).__name__}: {exc}")
        return EXIT_FAILED
    return code if isinstance(code, int) else EXIT_OK


def _asks_json(args: list[str]) -> bool:
    """Whether the command line asks for ``--log-format json`` (wherever it stands)."""
    for i, arg in enumerate(args):
        if arg == "--":
            return False
        if arg == "--log-format=json" or (
            arg == "--log-format" and i + 1 < len(args) and args[i + 1] == "json"
        ):
            return True
    return False


def _click_errors() -> tuple[type[Exception], type[Exception]]:
    """Click's ``ClickException`` and ``UsageError`` as Typer raises them.

    Found through the public ``typer.BadParameter`` (a ``UsageError``), since Typer may
    vendor its own copy of click rather than use the ``click`` package.
    """
    bases = {c.__name__: c for c in typer.BadParameter.__mro__}
    return bases["ClickException"], bases["UsageError"]


def _usage_message(exc: Exception, ctx: typer.Context | None) -> str:
    """Click's error on one line, lower-cased like ours, saying where the usage is."""
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    message = " ".join(text.split()).rstrip(".")
    if message[:2].istitle():  # "Missing argument" -> "missing argument"; "URL" stays
        message = message[0].lower() + message[1:]
    path = getattr(ctx, "command_path", None)
    return f"{message} (see: {path} --help)" if path else message


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush into a closed pipe does
    not print another error."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _console() -> None:
    sys.exit(main())


if __name__ == "__main__":
    _console()
