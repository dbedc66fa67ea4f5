"""Load on the static edition: many readers at once fetching the published page from nginx, driven by wrk.

    uv run python -m bench.static_load [--readers 100,1000,5000] [--seconds 15] [--lang en]
                                       [--out bench/static_load.json] [--stand-in] [--precompress]

What it measures. `python -m dashboard publish -o TMP` writes the edition (index.html, content-hashed
assets, the data as JSON) into a temp dir; Debian's nginx serves it on a free 127.0.0.1 port as an
unprivileged foreground process with its own config (gzip on for html/js/css/json, a year's
`Cache-Control: immutable` for the content-hashed `assets/`, a minute for index.html and `data/`, no
access log, `reuseport` so that the kernel spreads connections evenly over the workers). For each
reader count, Debian's wrk holds that many keep-alive connections open for `--seconds` (threads =
cores, `Accept-Encoding: gzip`); every connection asks for the next file of one reader's visit as soon
as the previous answer has arrived, so the request mix is exactly that visit: the page, the files it
names (`src=`/`href=` in index.html: Leaflet's JS/CSS, the page's CSS and scripts) and the data its
script fetches (see `reader_files`). There is no think time and wrk never caches, so this is the
server's ceiling with that many readers all loading the page at once, not a day's traffic: a real
reader fetches the page once, then keeps the assets for a year.

How to read it. `requests` and `requests/s` count files served (one reader's visit is `len(files)`
requests); `transfer/s` is what went over the wire, compressed. p50/p95 are per request, from the
moment wrk wrote it to the end of the answer, taken from wrk's own histogram (a Lua `done()` hook
prints `latency:percentile(50|95)`). `errors` adds wrk's connect/read/write failures, its timeouts
(no answer within 10 s, wrk's `--timeout`; such requests are left out of the percentiles) and answers
other than 2xx/3xx. Once nginx is saturated, p50 is about readers / (requests/s): each connection
waits its turn. wrk and nginx share the machine's cores, so the figures are a lower bound of what
nginx alone would serve on it; each run also says how much CPU nginx, wrk and every other process took
meanwhile (another job on the machine lowers the figures, and the output says so).

`publish` writes a gzip `FILE.gz` beside every hashed asset and data file, which nginx sends as is
(`gzip_static`) instead of compressing every answer anew; `--precompress` also writes them for files
that lack one (the page itself, the stand-in).

`--stand-in` benchmarks a stand-in edition of the same shape instead of a published one (it was
written before `publish` existed, and keeps the script runnable on its own). Results go to `--out` as
JSON; a Markdown table is printed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import hashlib
import html.parser
import ipaddress
import json
import os
import platform
import pwd
import random
import re
import resource
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import own_cache_folder

REPO = Path(__file__).resolve().parent.parent
WRK_TIMEOUT_S = 10
FD_MARGIN = 256  # descriptors beyond one a reader: listening sockets, logs, open files, wrk's own
ASSETS_CACHE = "public, max-age=31536000, immutable"  # names change with content
SHORT_CACHE = "public, max-age=60"  # the page and the data change with each edition
TYPES = {"text/html": "html htm", "text/css": "css", "text/javascript": "js mjs", "application/json": "json",
         "application/geo+json": "geojson", "image/svg+xml": "svg", "image/png": "png", "font/woff2": "woff2",
         "text/plain": "txt", "text/csv": "csv"}
COMPRESSIBLE = {".html", ".htm", ".css", ".js", ".mjs", ".json", ".geojson", ".svg", ".txt", ".csv"}
GZIP_TYPES = ("text/css text/javascript application/json application/geo+json image/svg+xml text/plain "
              "text/csv")

# nginx's config, filled in by `nginx_conf` (string.Template: `$$` is a literal `$` for nginx).
NGINX_CONF = string.Template("""\
# Written by bench/static_load.py for one benchmark run; everything lives under the prefix (-p).
worker_processes auto;
worker_rlimit_nofile $nofile;
pid $prefix/nginx.pid;
error_log $prefix/error.log warn;

events {
    worker_connections $worker_connections;
    multi_accept on;  # take every waiting connection at once: 5,000 readers arrive together
}

http {
    types {
$types
    }
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/css text/javascript application/json;
    access_log off;
    client_body_temp_path $prefix/client_body;
    proxy_temp_path $prefix/proxy;
    fastcgi_temp_path $prefix/fastcgi;
    uwsgi_temp_path $prefix/uwsgi;
    scgi_temp_path $prefix/scgi;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=1000 inactive=60s;
    server_tokens off;

    gzip on;
    gzip_vary on;
    gzip_min_length 256;
    gzip_types $gzip_types;
    gzip_static on;  # serves a ready-made FILE.gz beside FILE when the edition ships one

    server {
        listen 127.0.0.1:$port backlog=$backlog reuseport;  # the kernel spreads connections over workers
        root $root;
        index index.html;
        location / {
            add_header Cache-Control "$short_cache" always;
        }
        location /assets/ {
            add_header Cache-Control "$assets_cache" always;
        }
    }
}
""")


@dataclass
class Served:
    """One file a reader fetches, as nginx answered it before the load began."""

    path: str
    content_type: str
    content_encoding: str
    cache_control: str
    bytes_on_disk: int
    bytes_sent: int  # body as sent with Accept-Encoding: gzip


@dataclass
class Run:
    """wrk's figures for one reader count."""

    readers: int
    seconds: float
    requests: int
    bytes: int
    errors_connect: int
    errors_read: int
    errors_write: int
    errors_timeout: int
    errors_status: int  # answers other than 2xx/3xx
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    requests_per_s: float
    transfer_mb_per_s: float
    wrk_requests_per_s: str  # wrk's own "Requests/sec:" and "Transfer/sec:" lines, as printed
    wrk_transfer_per_s: str
    cpu_nginx_s: float = 0.0  # CPU time during the run: nginx (all workers), wrk, everything else
    cpu_wrk_s: float = 0.0
    cpu_others_s: float = 0.0
    others_share: float = 0.0  # everything else's CPU time over the cores' time: > 0.1 disturbs the run
    load_average: float = 0.0  # 1-minute load average at the end of the run

    @property
    def errors(self) -> int:
        return (self.errors_connect + self.errors_read + self.errors_write + self.errors_timeout
                + self.errors_status)


# --- the edition -------------------------------------------------------------------------------------


def publish_available() -> bool:
    """Whether this checkout has `python -m dashboard publish`."""
    probe = subprocess.run([sys.executable, "-m", "dashboard", "publish", "--help"], cwd=REPO,
                           capture_output=True, timeout=300)
    return probe.returncode == 0


def publish(out: Path, lang: str, env: dict[str, str] | None = None, timeout: float | None = None) -> int:
    """The real edition: `python -m dashboard publish -o OUT --lang LANG` (in `env`, whose
    DASHBOARD_CONFIG may name other data), stopped after `timeout` seconds; how many rows it skipped."""
    done = subprocess.run([sys.executable, "-m", "dashboard", "publish", "-o", str(out), "--lang", lang],
                          cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env=env, timeout=timeout)
    return sum(line.startswith("publish: skipped") for line in done.stderr.splitlines())


def write_stand_in(out: Path, lang: str) -> None:
    """An edition of the same shape as the real one, for when `publish` does not exist yet: index.html
    naming Leaflet's JS/CSS and a module under content-hashed names in `assets/`, and ~600 KB of JSON in
    `data/` that the module fetches. Leaflet comes from `dashboard/static/vendor/` if fetched there."""
    rng = random.Random(2022)
    vendor = REPO / "dashboard" / "static" / "vendor" / "leaflet"
    leaflet_js = (vendor / "leaflet.js").read_bytes() if (vendor / "leaflet.js").exists() else (
        b"/* stand-in for leaflet.js */\n" + b"var L={};\n" * 14_000)
    leaflet_css = (vendor / "leaflet.css").read_bytes() if (vendor / "leaflet.css").exists() else (
        b"/* stand-in for leaflet.css */\n" + b".leaflet-pane{z-index:400}\n" * 500)
    data_name = f"edition-{lang}.json"
    module = (f'const data = await (await fetch("data/{data_name}")).json();\n'
              'const map = L.map("map").setView([48, 68], 5);\n'
              'for (const r of data.records)\n'
              '    L.circleMarker([r.lat, r.lon]).bindTooltip(r.place).addTo(map);\n'
              ).encode()
    places = ["Almaty", "Astana", "Aktobe", "Zhanaozen", "Aktau", "Taldykorgan", "Shymkent", "Taraz"]
    records = [{"id": f"r{i:05d}", "date": f"2022-01-{rng.randint(1, 31):02d}", "place": rng.choice(places),
                "lat": round(rng.uniform(40.6, 55.4), 5), "lon": round(rng.uniform(46.5, 87.3), 5),
                "troops": rng.randint(0, 3000), "sources": [f"s{rng.randint(1, 400):03d}"],
                "note": " ".join(rng.choice(places) for _ in range(rng.randint(3, 12)))}
               for i in range(3_600)]
    data = json.dumps({"lang": lang, "records": records}, ensure_ascii=False).encode()
    (out / "assets").mkdir(parents=True)
    (out / "data").mkdir()
    names = {}
    files = [("leaflet", "js", leaflet_js), ("leaflet", "css", leaflet_css), ("app", "js", module)]
    for stem, ext, body in files:
        names[(stem, ext)] = f"{stem}.{hash_of(body)}.{ext}"
        (out / "assets" / names[(stem, ext)]).write_bytes(body)
    (out / "data" / data_name).write_bytes(data)
    (out / "index.html").write_text(
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<title>Stand-in edition</title>\n'
        f'<link rel="stylesheet" href="assets/{names[("leaflet", "css")]}">\n'
        f'<script src="assets/{names[("leaflet", "js")]}"></script>\n'
        f'<script type="module" src="assets/{names[("app", "js")]}"></script>\n'
        '</head><body><div id="map"></div></body></html>\n', encoding="utf-8")


def hash_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:12]


class _Page(html.parser.HTMLParser):
    """What a page names: `src=`/`href=` values (links `<a>` excepted), `<meta name content>` pairs and
    the `<html lang>`."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.metas: list[tuple[str, str]] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = given.get("lang", "")
        elif tag == "meta" and given.get("name") and given.get("content"):
            self.metas.append((given["name"], given["content"]))
        elif tag != "a":  # a link the reader may follow, not something the page loads
            self.refs += [given[name] for name in ("src", "href") if given.get(name)]


def _local(root: Path, ref: str, base: Path) -> Path | None:
    """The edition's file that `ref` (relative to `base`, else to the root) names, if any."""
    parts = urllib.parse.urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    for start in (base, root):
        path = (root / parts.path.lstrip("/")) if parts.path.startswith("/") else (start / parts.path)
        path = path.resolve()
        if path.is_file() and path.is_relative_to(root.resolve()):
            return path
    return None


def reader_files(root: Path) -> tuple[list[str], str]:
    """The URL paths one reader fetches, and how the data among them were found.

    The page (`/`); every file of the edition that index.html names with `src=`/`href=` (Leaflet's JS
    and CSS, the page's own CSS and scripts); then the data its script loads: the files that index.html's
    `<meta name=... content=FILE>` tags name (the real edition names its data there), where a meta named
    `...-edition-XX` counts only for the page's own language (`<html lang=XX>`: a reader loads one
    language); failing that, the files named by string literals in the page's scripts (the stand-in's
    `fetch("data/edition-en.json")`); failing that, every file under `data/`. Images that CSS would load
    on demand (Leaflet's marker and layer icons) are left out."""
    root = root.resolve()
    page = _Page()
    page.feed((root / "index.html").read_text(encoding="utf-8"))
    named = [p for ref in page.refs if (p := _local(root, ref, root)) is not None]
    other_language = re.compile(r"-edition-(?!" + re.escape(page.lang) + r"$)[\w-]+$")
    data = [p for name, content in page.metas
            if not other_language.search(name) and (p := _local(root, content, root)) is not None]
    how = f"data named by index.html's <meta> tags (language {page.lang or 'unknown'})"
    if not data:
        literal = re.compile(r"""["'`]([\w./-]+\.(?:json|geojson|js|mjs|css))["'`]""")
        for script in (p for p in named if p.suffix in (".js", ".mjs")):
            text = script.read_text(encoding="utf-8", errors="replace")
            found = (_local(root, ref, script.parent) for ref in literal.findall(text))
            data += [p for p in found if p is not None]
        data = [p for p in dict.fromkeys(data) if p not in named]
        how = "data named in the page's scripts"
    if not data:
        data = sorted(p for p in (root / "data").rglob("*") if p.is_file() and p.suffix != ".gz")
        how = "every file under data/ (none named by the page or its scripts)"
    files = list(dict.fromkeys(named + data))
    return ["/"] + ["/" + p.relative_to(root).as_posix() for p in files], f"index.html src/href; {how}"


def precompress(root: Path, paths: list[str]) -> list[str]:
    """Write `FILE.gz` (gzip -9) beside each compressible file a reader fetches, unless one exists."""
    written = []
    for path in paths:
        file = root / (path.lstrip("/") or "index.html")
        target = file.with_name(file.name + ".gz")
        if file.suffix in COMPRESSIBLE and file.stat().st_size >= 256 and not target.exists():
            target.write_bytes(gzip.compress(file.read_bytes(), compresslevel=9, mtime=0))
            written.append(path)
    return written


# --- nginx -------------------------------------------------------------------------------------------


def raise_nofile(wanted: int) -> tuple[int, int]:
    """Raise this process's soft limit on open files up to the hard limit (children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, wanted)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_tool(name: str, package: str) -> str:
    """The tool's path, installing Debian's package with apt-get if it is missing."""
    if found := shutil.which(name):
        return found
    print(f"{name} is missing: apt-get install -y {package}", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run(["apt-get", "install", "-y", package], env=env)
    if done.returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, check=True)
        subprocess.run(["apt-get", "install", "-y", package], env=env, check=True)
    if found := shutil.which(name):
        return found
    raise SystemExit(f"{name} is still missing after apt-get install {package}")


def nginx_conf(prefix: Path, root: Path, port: int, readers: int, nofile: int) -> str:
    """The config for one run. A worker may end up holding every connection (workers take new
    connections as they come), so each gets room for all the readers."""
    somaxconn = int(Path("/proc/sys/net/core/somaxconn").read_text()) if Path(
        "/proc/sys/net/core/somaxconn").exists() else 4096
    types = "\n".join(f"        {mime} {exts};" for mime, exts in TYPES.items())
    return NGINX_CONF.substitute(
        prefix=prefix, root=root, port=port, types=types, gzip_types=GZIP_TYPES,
        worker_connections=readers + FD_MARGIN, nofile=nofile, backlog=max(511, min(readers, somaxconn)),
        short_cache=SHORT_CACHE, assets_cache=ASSETS_CACHE)


@contextlib.contextmanager
def nginx(nginx_bin: str, prefix: Path, root: Path, conf: str, port: int) -> Iterator[tuple[str, int]]:
    """Run nginx in the foreground with `conf`, yield its loopback URL and master's pid once it answers,
    and stop it
    (graceful SIGQUIT, then SIGKILL to its process group after 15 s) however the block ends. As root, it
    runs as `nobody` (its prefix and the edition are handed to that user); otherwise as the current user."""
    (prefix / "nginx.conf").write_text(conf, encoding="utf-8")
    user: dict[str, int] = {}
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        user = {"user": nobody.pw_uid, "group": nobody.pw_gid}
        for path in [prefix, *prefix.rglob("*"), root, *root.rglob("*")]:
            os.chown(path, nobody.pw_uid, nobody.pw_gid, follow_symlinks=False)
    server = subprocess.Popen(
        [nginx_bin, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log"),
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, **user)  # type: ignore[call-overload]
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    err = server.stderr.read().decode(errors="replace") if server.stderr else ""
                    raise RuntimeError(f"nginx did not start: {err.strip()}") from None
                time.sleep(0.1)
        yield url, server.pid
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGQUIT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        if server.stderr:
            server.stderr.close()


def check_files(url: str, root: Path, paths: list[str]) -> list[Served]:
    """Fetch each file once as a reader would (gzip accepted); refuse to go on if any fails."""
    served = []
    for path in paths:
        request = urllib.request.Request(url + path, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read()
            encoding = answer.headers.get("Content-Encoding", "")
            if encoding == "gzip":
                gzip.decompress(body)  # it must be whole
            on_disk = root / (path.lstrip("/") or "index.html")
            served.append(Served(path, answer.headers.get("Content-Type", ""), encoding,
                                 answer.headers.get("Cache-Control", ""), on_disk.stat().st_size, len(body)))
    return served


# --- wrk ---------------------------------------------------------------------------------------------

WRK_SCRIPT = string.Template("""\
-- Written by bench/static_load.py: each request is the next file of one reader's visit, in turn.
local paths = {$paths}
local next_path = 0
wrk.headers["Accept-Encoding"] = "gzip"

request = function()
    next_path = next_path % #paths + 1
    return wrk.format("GET", paths[next_path])
end

done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "STATIC_LOAD {\\"duration_us\\": %d, \\"requests\\": %d, \\"bytes\\": %d, \\"connect\\": %d, "
        .. "\\"read\\": %d, \\"write\\": %d, \\"status\\": %d, \\"timeout\\": %d, \\"p50_us\\": %d, "
        .. "\\"p95_us\\": %d, \\"p99_us\\": %d, \\"mean_us\\": %.1f, \\"max_us\\": %d}\\n",
        summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
        latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, latency.max))
end
""")


def busy_cpu_s() -> float:
    """CPU time all cores have spent busy since boot (/proc/stat), in seconds."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def tree_cpu_s(master: int) -> float:
    """CPU time of nginx's master and its workers (its child processes), in seconds."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (comm)": state ppid ...
            if int(stat.parent.name) == master or int(fields[1]) == master:
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def run_wrk(wrk_bin: str, url: str, script: Path, readers: int, seconds: float, threads: int,
            master: int) -> Run:
    """One bounded wrk run against loopback; its figures from the `done()` hook's line, and where the
    machine's CPU went meanwhile (nginx, wrk, everything else: another job on the machine)."""
    host = urllib.parse.urlsplit(url).hostname or ""
    assert ipaddress.ip_address(host).is_loopback, f"refusing to load anything but loopback: {url}"
    threads = max(1, min(threads, readers))
    command = [wrk_bin, "-t", str(threads), "-c", str(readers), "-d", f"{seconds:g}s", "--latency",
               "--timeout", f"{WRK_TIMEOUT_S}s", "-s", str(script), url + "/"]
    before = busy_cpu_s(), tree_cpu_s(master), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    wall = time.monotonic() - started
    after = busy_cpu_s(), tree_cpu_s(master), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_wrk = (after[2].ru_utime + after[2].ru_stime) - (before[2].ru_utime + before[2].ru_stime)
    cpu_nginx = after[1] - before[1]
    cpu_others = max(0.0, after[0] - before[0] - cpu_nginx - cpu_wrk)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("STATIC_LOAD ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    f = json.loads(line.removeprefix("STATIC_LOAD "))
    rps = re.search(r"^Requests/sec:\s*(\S+)", done.stdout, re.M)
    tps = re.search(r"^Transfer/sec:\s*(\S+)", done.stdout, re.M)
    duration = f["duration_us"] / 1e6
    return Run(readers=readers, seconds=round(duration, 2), requests=f["requests"], bytes=f["bytes"],
               errors_connect=f["connect"], errors_read=f["read"], errors_write=f["write"],
               errors_timeout=f["timeout"], errors_status=f["status"],
               p50_ms=f["p50_us"] / 1000, p95_ms=f["p95_us"] / 1000, p99_ms=f["p99_us"] / 1000,
               mean_ms=round(f["mean_us"] / 1000, 3), max_ms=f["max_us"] / 1000,
               requests_per_s=round(f["requests"] / duration, 1),
               transfer_mb_per_s=round(f["bytes"] / duration / 1e6, 2),
               wrk_requests_per_s=rps.group(1) if rps else "", wrk_transfer_per_s=tps.group(1) if tps else "",
               cpu_nginx_s=round(cpu_nginx, 2), cpu_wrk_s=round(cpu_wrk, 2),
               cpu_others_s=round(cpu_others, 2),
               others_share=round(cpu_others / (wall * len(os.sched_getaffinity(0))), 3),
               load_average=round(os.getloadavg()[0], 2))


# --- report ------------------------------------------------------------------------------------------


def version(command: list[str], pattern: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True)
    found = re.search(pattern, done.stdout + done.stderr)
    return found.group(1) if found else "unknown"


def machine(nginx_bin: str, wrk_bin: str, nofile: tuple[int, int]) -> dict[str, object]:
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    cpu = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")),
               platform.processor())
    somaxconn = Path("/proc/sys/net/core/somaxconn")
    return {"cores": len(os.sched_getaffinity(0)), "cpu": cpu, "kernel": platform.release(),
            "nginx": version([nginx_bin, "-v"], r"nginx/(\S+)"),
            "wrk": version([wrk_bin, "-v"], r"wrk (?:debian/)?(\S+)"),
            "nofile_soft": nofile[0], "nofile_hard": nofile[1],
            "somaxconn": int(somaxconn.read_text()) if somaxconn.exists() else None}


def context_line(m: dict[str, object]) -> str:
    return (f"machine: {m['cores']} cores ({m['cpu']}), Linux {m['kernel']}, nginx {m['nginx']}, "
            f"wrk {m['wrk']}, open files {m['nofile_soft']}/{m['nofile_hard']}, somaxconn {m['somaxconn']}")


def run_context(run: Run) -> str:
    """Where the CPU went during one run."""
    return (f"{run.seconds:g} s, CPU nginx {run.cpu_nginx_s:.1f} s, wrk {run.cpu_wrk_s:.1f} s, "
            f"other processes {run.cpu_others_s:.1f} s ({run.others_share:.0%} of the cores), "
            f"load average {run.load_average:.1f}")


def table(runs: list[Run]) -> str:
    rows = ["| readers | requests | errors | p50 (ms) | p95 (ms) | requests/s | transfer/s |",
            "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        kinds = {"connect": r.errors_connect, "read": r.errors_read, "write": r.errors_write,
                 "timeout": r.errors_timeout, "non-2xx/3xx": r.errors_status}
        detail = ", ".join(f"{k} {v:,}" for k, v in kinds.items() if v)
        errors = f"{r.errors:,}" + (f" ({detail})" if detail else "")
        rows.append(f"| {r.readers:,} | {r.requests:,} | {errors} | {r.p50_ms:.2f} | {r.p95_ms:.2f} "
                    f"| {r.requests_per_s:,.0f} | {r.transfer_mb_per_s:,.1f} MB/s |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    own_cache_folder()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", default="100,1000,5000", help="concurrent connections per run")
    parser.add_argument("--seconds", type=float, default=15, help="length of each run")
    parser.add_argument("--lang", default="en", help="the edition's language (publish --lang)")
    parser.add_argument("--out", default=str(REPO / "bench" / "static_load.json"))
    parser.add_argument("--stand-in", action="store_true", help="benchmark the stand-in edition")
    parser.add_argument("--precompress", action="store_true",
                        help="serve ready-made FILE.gz (gzip -9) instead of compressing each answer")
    args = parser.parse_args(argv)
    readers = [int(n) for n in args.readers.split(",")]
    threads = len(os.sched_getaffinity(0))

    nginx_bin = ensure_tool("nginx", "nginx")
    wrk_bin = ensure_tool("wrk", "wrk")
    nofile = raise_nofile(max(readers) + FD_MARGIN)
    notes: list[str] = []
    if nofile[0] < max(readers) + FD_MARGIN:
        notes.append(f"open-file limit {nofile[0]} (hard {nofile[1]}) is below the {max(readers):,} "
                     f"readers + {FD_MARGIN} that wrk and each nginx worker need: expect connect errors")
    context = machine(nginx_bin, wrk_bin, nofile)

    with tempfile.TemporaryDirectory(prefix="static-load-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o755)
        root, prefix = work / "edition", work / "nginx"
        prefix.mkdir()
        if not args.stand_in and publish_available():
            publish(root, args.lang)
            edition = f"python -m dashboard publish -o TMP --lang {args.lang}"
        else:
            write_stand_in(root, args.lang)
            edition = "stand-in (publish not available)" if not args.stand_in else "stand-in (--stand-in)"
            notes.append(f"benchmarked a stand-in edition, not the published one: {edition}")
        paths, found = reader_files(root)
        if args.precompress:
            notes.append(f"precompressed {len(precompress(root, paths))} file(s): nginx sends FILE.gz as is")
        port = free_port()
        script = work / "reader.lua"
        script.write_text(WRK_SCRIPT.substitute(paths=", ".join(json.dumps(p) for p in paths)))
        conf = nginx_conf(prefix, root, port, max(readers), nofile[0])
        runs: list[Run] = []
        with nginx(nginx_bin, prefix, root, conf, port) as (url, master):
            served = check_files(url, root, paths)
            print(f"edition: {edition}")
            print(f"a reader fetches ({found}):")
            for s in served:
                print(f"  {s.path}  {s.bytes_on_disk:,} B on disk, {s.bytes_sent:,} B sent "
                      f"({s.content_encoding or 'identity'}), {s.content_type}, "
                      f"Cache-Control: {s.cache_control}")
            print(context_line(context))
            for note in notes:
                print(f"note: {note}")
            for count in readers:
                run = run_wrk(wrk_bin, url, script, count, args.seconds, threads, master)
                runs.append(run)
                print(f"  {count:,} readers: {run_context(run)}; {run.requests:,} requests, "
                      f"{run.errors:,} errors, p50 {run.p50_ms:.2f} ms, p95 {run.p95_ms:.2f} ms", flush=True)
            log = (prefix / "error.log").read_text(errors="replace").strip().splitlines()
        notes += [f"other processes used {r.others_share:.0%} of the cores during the {r.readers:,}-reader "
                  "run: its figures are lower than on an idle machine" for r in runs if r.others_share > 0.1]
        problems = [ln for ln in log if re.search(r"\[(alert|crit|emerg|error)\]", ln)]
        if problems:
            notes.append(f"nginx logged {len(problems)} error(s), e.g. {problems[0]}")

    result = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "edition": edition, "lang": args.lang, "found": found, "files": [asdict(s) for s in served],
        "machine": context,
        "settings": {"seconds": args.seconds, "wrk_threads": threads, "wrk_timeout_s": WRK_TIMEOUT_S,
                     "nginx_worker_connections": max(readers) + FD_MARGIN, "keepalive": True,
                     "accept_encoding": "gzip", "precompressed": args.precompress},
        "runs": [{**asdict(r), "errors": r.errors} for r in runs],
        "notes": notes,
    }
    Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(table(runs))
    print()
    print(context_line(context))
    for run in runs:
        print(f"{run.readers:,} readers: {run_context(run)}")
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
