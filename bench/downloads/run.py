"""DCE downloads: one whole-DCE ZIP to N concurrent downloaders, ours against a static server.

One command (progress on stderr, results in ``bench/downloads/results/``, chart
``bench/downloads/rss.svg``)::

    SECRET_KEY=bench .venv/bin/python bench/downloads/run.py    # --size-mb 1024 --clients 20

1. A fresh SQLite ``DATA_DIR`` under ``--workdir`` (or ``--database-url``): a published tender
   whose DCE is ``--pieces`` pieces of random bytes totalling ``--size-mb`` (plus the RC),
   ``--clients`` company users with API tokens, and the same ZIP pre-built once with the
   endpoint's own code (``setup_data.py``); reused by the next run with the same size.
2. Our platform as the Procfile runs it (uvicorn, ``config.asgi``, DEBUG off); each client
   downloads ``/api/v1/tenders/<id>/dce.zip`` with its own token (one line per company in the
   registre des retraits).
3. The peer in the same run: the pre-built ZIP from Debian's nginx (one worker, sendfile), or
   ``python -m http.server`` when nginx is not installed (the result says which).
4. Each client streams with aiohttp: time to the response headers and to the first body byte,
   MB/s; every download is checked as it streams (exact size, each piece's CRC-32 over its byte
   range against the pre-built archive's central directory); the first client's file of each
   target is kept and checked with ``zipfile.testzip`` and a piece's SHA-256 against the
   database. The server's RSS (its process and children, from /proc) is sampled every 100 ms.

The generated files (``--workdir``, default /tmp/bench-downloads) are deleted at the end unless
``--keep``; they are never under the repository.
"""

import argparse
import asyncio
import contextlib
import datetime
import hashlib
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
import zlib
from pathlib import Path

import aiohttp

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS = HERE / "results"
CHUNK = 256 * 1024
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the server's memory -------------------------------------------------------------------


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo.extend(int(c) for c in task.read_text().split())
    return pids


def rss_and_cpu(pid: int) -> tuple[int, float]:
    """Resident bytes and CPU seconds of a process and its children (nginx: master + worker)."""
    rss, cpu = 0, 0.0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1]) * 1024
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / TICKS
        except OSError:
            pass
    return rss, cpu


class Sampler(threading.Thread):
    """RSS every ``period`` seconds, in a thread of its own so the clients' loop cannot delay it."""

    def __init__(self, pid: int, period: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.period = pid, period
        self.samples: list[tuple[float, int]] = []
        self.stop = threading.Event()
        self.t0 = time.perf_counter()

    def run(self) -> None:
        while not self.stop.is_set():
            rss, _ = rss_and_cpu(self.pid)
            self.samples.append((time.perf_counter() - self.t0, rss))
            self.stop.wait(self.period)


# --- the archive's layout, from the pre-built file -----------------------------------------


def layout(path: Path) -> list[dict]:
    """Each member's data range and CRC-32: the same in every download of this DCE (stored
    members, same names and sizes, same order); only the timestamps differ."""
    members = []
    with zipfile.ZipFile(path) as archive, path.open("rb") as raw:
        for info in archive.infolist():
            raw.seek(info.header_offset)
            header = raw.read(30)
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            start = info.header_offset + 30 + name_length + extra_length
            members.append(
                {"name": info.filename, "start": start, "end": start + info.compress_size,
                 "crc": info.CRC, "size": info.file_size}
            )  # fmt: skip
    return members


class Checker:
    """CRC-32 of each member's byte range as the bytes stream past (a few GB/s, cheap)."""

    def __init__(self, members: list[dict]):
        self.members = members
        self.crcs = [0] * len(members)
        self.offset = 0

    def feed(self, data: bytes) -> None:
        begin, end = self.offset, self.offset + len(data)
        for i, member in enumerate(self.members):
            lo, hi = max(begin, member["start"]), min(end, member["end"])
            if lo < hi:
                self.crcs[i] = zlib.crc32(data[lo - begin : hi - begin], self.crcs[i])
        self.offset = end

    def bad_members(self) -> list[str]:
        return [m["name"] for m, c in zip(self.members, self.crcs, strict=True) if m["crc"] != c]


# --- the clients ---------------------------------------------------------------------------


async def one_client(session, index, url, headers, members, expected, keep: Path | None, t0):
    result = {"client": index}
    checker = Checker(members)
    out = keep.open("wb") if keep else None
    started = time.perf_counter()
    try:
        async with session.get(url, headers=headers) as response:
            result["status"] = response.status
            result["headers_s"] = time.perf_counter() - started
            result["content_length"] = int(response.headers.get("Content-Length", -1))
            size = 0
            async for chunk in response.content.iter_chunked(CHUNK):
                if size == 0:
                    result["first_byte_s"] = time.perf_counter() - started
                size += len(chunk)
                checker.feed(chunk)
                if out:
                    out.write(chunk)
    except Exception as error:  # reported, not raised: the other clients go on
        result["error"] = repr(error)
        size = checker.offset
    finally:
        if out:
            out.close()
    ended = time.perf_counter()
    result.update(
        bytes=size, start_s=started - t0, end_s=ended - t0, seconds=ended - started,
        mb_per_s=size / (ended - started) / 1e6, size_ok=size == expected,
        bad_crc=checker.bad_members(),
    )  # fmt: skip
    return result


async def clients(url, tokens, count, members, expected, keep: Path):
    timeout = aiohttp.ClientTimeout(total=None, sock_read=600)
    connector = aiohttp.TCPConnector(limit=0)
    t0 = time.perf_counter()
    async with aiohttp.ClientSession(
        timeout=timeout, connector=connector, auto_decompress=False
    ) as session:
        jobs = []
        for i in range(count):
            headers = {"Authorization": f"Token {tokens[i % len(tokens)]}"} if tokens else {}
            kept = keep if i == 0 else None
            jobs.append(one_client(session, i, url, headers, members, expected, kept, t0))
        return await asyncio.gather(*jobs)


def verify_kept(path: Path, pieces: list[dict]) -> dict:
    """``zipfile.testzip`` (every member's CRC), names and sizes, and one piece's SHA-256."""
    with zipfile.ZipFile(path) as archive:
        bad = archive.testzip()
        infos = archive.infolist()
        sizes_ok = [i.file_size for i in infos] == [p["size"] for p in pieces]
        largest = max(range(len(pieces)), key=lambda i: pieces[i]["size"])
        digest = hashlib.sha256()
        with archive.open(infos[largest]) as member:
            while block := member.read(4 * 1024 * 1024):
                digest.update(block)
    return {
        "testzip": "ok" if bad is None else f"bad member {bad}",
        "names": [i.filename for i in infos],
        "sizes_ok": sizes_ok,
        "sha256_piece": infos[largest].filename,
        "sha256_ok": digest.hexdigest() == pieces[largest]["sha256"],
    }


def measure(label, url, pid, tokens, args, members, expected, pieces, workdir) -> dict:
    load = Path("/proc/loadavg").read_text().split()[:3]
    log(f"{label}: {args.clients} clients × {expected / 1e6:.0f} MB (load {' '.join(load)})")
    keep = workdir / "kept" / f"{label.split()[0].strip(':')}.zip"
    keep.parent.mkdir(exist_ok=True)
    sampler = Sampler(pid)
    rss_before, cpu_before = rss_and_cpu(pid)
    sampler.start()
    time.sleep(0.5)  # a baseline before the first request
    began = time.perf_counter()

    def progress() -> None:
        while not sampler.stop.wait(5):
            rss = sampler.samples[-1][1] if sampler.samples else 0
            log(f"  … {time.perf_counter() - began:5.1f} s, server RSS {rss / 1e6:.0f} MB")

    ticker = threading.Thread(target=progress, daemon=True)
    ticker.start()
    results = asyncio.run(clients(url, tokens, args.clients, members, expected, keep))
    wall = time.perf_counter() - began
    time.sleep(0.5)
    sampler.stop.set()
    sampler.join()
    rss_after, cpu_after = rss_and_cpu(pid)
    log(f"{label}: checking the kept download {keep.name} (testzip, SHA-256 of a piece)")
    kept = verify_kept(keep, pieces) if keep.is_file() and keep.stat().st_size else None
    keep.unlink(missing_ok=True)
    total = sum(r["bytes"] for r in results)
    first = min(r["start_s"] for r in results)
    last = max(r["end_s"] for r in results)
    per_client = sorted(r["mb_per_s"] for r in results)
    rss = [s[1] for s in sampler.samples]
    return {
        "label": label,
        "url": url,
        "load_before": load,
        "clients": results,
        "aggregate_mb_per_s": total / (last - first) / 1e6,
        "wall_s": wall,
        "per_client_mb_per_s": {
            "min": per_client[0], "median": per_client[len(per_client) // 2],
            "max": per_client[-1],
        },
        "first_byte_s": sorted(r.get("first_byte_s", float("nan")) for r in results),
        "rss_before": rss_before,
        "rss_after": rss_after,
        "rss_max": max(rss),
        "rss_samples": sampler.samples,
        "cpu_s": cpu_after - cpu_before,
        "all_ok": all(
            r.get("status") == 200 and r["size_ok"] and not r["bad_crc"] and "error" not in r
            for r in results
        ),
        "kept": kept,
    }  # fmt: skip


# --- the servers ---------------------------------------------------------------------------


def wait_http(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: server exited with code {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_ours(env: dict, logs: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "config.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off",
        "--ws", "config.uvicorn_ws:GoingAwayWebSocketProtocol",  # as in the Procfile
        "--ws-max-size", str(16 * 1024 * 1024), "--ws-per-message-deflate", "false",
        "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=logs.open("w"), stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    wait_http(f"{url}/api/v1/auth/csrf/", process)
    return process, url


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {work}/nginx-tmp;
    proxy_temp_path {work}/nginx-tmp;
    fastcgi_temp_path {work}/nginx-tmp;
    uwsgi_temp_path {work}/nginx-tmp;
    scgi_temp_path {work}/nginx-tmp;
    types {{ application/zip zip; }}
    server {{
        listen 127.0.0.1:{port};
        root {www};
    }}
}}
"""


def start_static(www: Path, work: Path, logs: Path) -> tuple[subprocess.Popen, str, str]:
    port = free_port()
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if nginx:
        (work / "nginx-tmp").mkdir(exist_ok=True)
        conf = work / "nginx.conf"
        conf.write_text(NGINX_CONF.format(work=work, port=port, www=www))
        version = subprocess.run(  # noqa: S603
            [nginx, "-v"], capture_output=True, text=True
        ).stderr.strip()
        command = [nginx, "-c", str(conf), "-p", str(work)]
        name = f"{version.replace('nginx version: ', '')} (1 worker, sendfile)"
    else:
        command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                   "--directory", str(www)]  # fmt: skip
        name = f"python -m http.server (Python {sys.version.split()[0]})"
    process = subprocess.Popen(  # noqa: S603
        command, stdout=logs.open("w"), stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    wait_http(f"{url}/dce.zip", process)
    return process, url, name


# --- the report ----------------------------------------------------------------------------


def table(runs: list[dict]) -> str:
    lines = [
        "| target | aggregate MB/s | per client MB/s min / median / max | first byte s "
        "min / median / max | server RSS MB before / max / after | server CPU s | all valid |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        p, fb = run["per_client_mb_per_s"], run["first_byte_s"]
        lines.append(
            f"| {run['label']} | {run['aggregate_mb_per_s']:.0f} | {p['min']:.1f} / "
            f"{p['median']:.1f} / {p['max']:.1f} | {fb[0]:.3f} / {fb[len(fb) // 2]:.3f} / "
            f"{fb[-1]:.3f} | {run['rss_before'] / 1e6:.0f} / {run['rss_max'] / 1e6:.0f} / "
            f"{run['rss_after'] / 1e6:.0f} | {run['cpu_s']:.1f} | "
            f"{'yes' if run['all_ok'] and (run['kept'] or {}).get('sha256_ok') else 'NO'} |"
        )
    return "\n".join(lines)


def svg(runs: list[dict], title: str) -> str:
    """Server RSS over time, one line per target (hand-written SVG, no plotting dependency)."""
    width, height, left, right, top, bottom = 760, 360, 64, 170, 40, 48
    colours = ["#c0392b", "#2471a3", "#229954", "#8e44ad"]
    t_max = max(s[0] for run in runs for s in run["rss_samples"]) or 1
    y_max = max(run["rss_max"] for run in runs) / 1e6 * 1.15 or 1
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(t):
        return left + t / t_max * plot_w

    def y(mb):
        return top + plot_h - mb / y_max * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="22" font-size="14">{title}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="black"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="black"/>',
    ]
    for i in range(6):
        mb = y_max * i / 5
        parts.append(
            f'<text x="{left - 6}" y="{y(mb) + 4:.1f}" text-anchor="end">{mb:.0f}</text>'
            f'<line x1="{left}" y1="{y(mb):.1f}" x2="{left + plot_w}" y2="{y(mb):.1f}" '
            'stroke="#ddd"/>'
        )
        t = t_max * i / 5
        parts.append(
            f'<text x="{x(t):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{t:.0f}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{height - 10}" text-anchor="middle">seconds</text>'
        f'<text x="14" y="{top + plot_h / 2}" transform="rotate(-90 14 {top + plot_h / 2})" '
        'text-anchor="middle">server RSS (MB)</text>'
    )
    for i, run in enumerate(runs):
        colour = colours[i % len(colours)]
        points = " ".join(f"{x(t):.1f},{y(r / 1e6):.1f}" for t, r in run["rss_samples"])
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{points}"/>'
        )
        ly = top + 14 + i * 34
        parts.append(
            f'<line x1="{left + plot_w + 12}" y1="{ly}" x2="{left + plot_w + 30}" y2="{ly}" '
            f'stroke="{colour}" stroke-width="3"/>'
            f'<text x="{left + plot_w + 36}" y="{ly + 4}">{run["label"].split(" (")[0]}</text>'
            f'<text x="{left + plot_w + 36}" y="{ly + 18}" fill="#555">'
            f"{run['aggregate_mb_per_s']:.0f} MB/s, max {run['rss_max'] / 1e6:.0f} MB</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


# --- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="DCE size in MiB (all pieces)")
    parser.add_argument("--pieces", type=int, default=4)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--targets", default="ours,static")
    parser.add_argument("--http-threads", type=int, help="our HTTP_THREADS (default: settings)")
    workdir = Path("/tmp/bench-downloads")  # noqa: S108 — generated files, deleted at the end
    parser.add_argument("--workdir", type=Path, default=workdir)
    parser.add_argument("--database-url", help="PostgreSQL instead of SQLite in the workdir")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--tag", default="")
    parser.add_argument("--chart", type=Path, default=HERE / "rss.svg")
    args = parser.parse_args()

    work = args.workdir.resolve()
    if ROOT in work.parents or work == ROOT:
        parser.error("--workdir must be outside the repository (the files are never committed)")
    work.mkdir(parents=True, exist_ok=True)
    size = args.size_mb * 1024 * 1024
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench",
        "DATA_DIR": str(work / "data"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "0",  # production settings, plain HTTP
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": "",
        "CLAMD_SOCKET": "",
    }
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    if args.http_threads:
        env["HTTP_THREADS"] = str(args.http_threads)
    started = time.monotonic()
    try:
        log(f"migrating the bench database ({args.database_url or work / 'data'})")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        log(f"a {args.size_mb} MiB DCE in {args.pieces} pieces, {args.clients} companies")
        www = work / "www"
        setup = subprocess.run(  # noqa: S603
            [sys.executable, str(HERE / "setup_data.py"), "--size", str(size), "--pieces",
             str(args.pieces), "--companies", str(args.clients), "--zip", str(www / "dce.zip")],
            cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        data = json.loads(setup.stdout)
        members = layout(www / "dce.zip")
        expected = (www / "dce.zip").stat().st_size
        threads = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); from django.conf import "
             "settings; print(settings.HTTP_THREADS)"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip

        runs = []
        for target in args.targets.split(","):
            if target == "ours":
                process, url = start_ours(env, work / "uvicorn.log")
                label = f"ours (uvicorn, 1 process, HTTP_THREADS={threads})"
                full = f"{url}/api/v1/tenders/{data['tender']}/dce.zip"
                tokens = data["tokens"]
            elif target == "static":
                process, url, name = start_static(www, work, work / "static.log")
                label = f"static: {name}"
                full, tokens = f"{url}/dce.zip", []
            else:
                parser.error(f"unknown target {target!r}")
            try:
                runs.append(
                    measure(label, full, process.pid, tokens, args, members, expected,
                            data["pieces"], work)
                )  # fmt: skip
            finally:
                stop(process)
            log(table(runs[-1:]).splitlines()[-1])

        stamp = datetime.date.today().isoformat()
        suffix = f"-{args.tag}" if args.tag else ""
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"{stamp}-{args.size_mb}M-{args.clients}c{suffix}.json"
        summary = {
            "date": stamp,
            "command": " ".join(sys.argv),
            "size_bytes": expected,
            "pieces": data["pieces"],
            "clients": args.clients,
            "machine": {
                "cpus": os.cpu_count(),
                "load_after": Path("/proc/loadavg").read_text().split()[:3],
            },
            "database": "postgresql" if args.database_url else "sqlite",
            "runs": runs,
        }  # fmt: skip
        out.write_text(json.dumps(summary, indent=1))
        title = f"Server RSS, {args.clients} clients × {expected / 1e6:.0f} MB DCE ZIP ({stamp})"
        args.chart.write_text(svg(runs, title))
        print(table(runs))
        for run in runs:
            print(f"{run['label']}: kept download {run['kept']}")
        log(f"results: {out}, chart: {args.chart}; "
            f"{time.monotonic() - started:.0f} s in all")  # fmt: skip
    finally:
        if not args.keep:
            log(f"deleting {work}")
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
