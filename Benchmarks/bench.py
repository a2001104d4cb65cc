#!/usr/bin/env python3
"""Times lynctopo against libxml2 itself (`xmllint --noout`) and a plain Python ElementTree script on
generated topologies from 100 KB to 50 MB, in one session, and prints medians, ratios, peak memory and a
linear fit of time against size.

Run it through `Benchmarks/run.sh`, which builds the release binary first. Each measurement starts the
program afresh (the whole pipeline: start-up, read, decode, resolve, render), with standard output sent to
/dev/null. Runs are interleaved round-robin across tools so that a change in machine load hits every tool
alike; the table shows the median wall time of the runs. Peak memory is the child's maximum resident set
size as the kernel reports it through wait4(2) (the figure `/usr/bin/time -v` prints as "Maximum resident
set size"); the table shows the largest of the runs.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import generate  # noqa: E402

SKIPPED = "skipped"


TIME = "/usr/bin/time"


def run_once(command, stdout_path=os.devnull):
    """Runs `command` under /usr/bin/time; returns (wall seconds, peak RSS in bytes, exit status, first line
    of stderr). The wall time is taken around the whole run; the peak RSS is the one /usr/bin/time reports
    (GNU time's %M: the child's maximum resident set size). Going through /usr/bin/time rather than reading
    wait4(2) here matters: a child forked from this Python process would count Python's own pages."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report, open(stdout_path, "wb") as out:
        start = time.perf_counter()
        process = subprocess.run([TIME, "-f", "%M", "-o", report.name, "--"] + command, stdout=out,
                                 stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        lines = [line for line in report.read().splitlines() if line.strip()]
    rss = int(lines[-1]) * 1024 if lines and lines[-1].strip().isdigit() else 0
    error = process.stderr.decode("utf-8", "replace").strip()
    return elapsed, rss, process.returncode, error.splitlines()[0] if error else ""


class Tool:
    """One program under test. `command(doc)` gives its argument list for a document."""

    def __init__(self, name, command, ok_codes=(0,), published_only=False, probe=None):
        self.name = name
        self.command = command
        self.ok_codes = ok_codes
        self.published_only = published_only
        self.probe = probe        # a command that tells whether a lynctopo subcommand exists yet
        self.unavailable = None   # why the tool is skipped, once known


def tools(binary, python):
    failed = generate.Names.primary_sql(1, 1)
    lynctopo = [
        Tool("lynctopo show", lambda d: [binary, "show", d.path, "--format", "json"], probe=[binary, "show"]),
        # validate exits 1 when the topology has errors; still a complete run.
        Tool("lynctopo validate", lambda d: [binary, "validate", d.path, "--format", "json"], ok_codes=(0, 1),
             probe=[binary, "validate"]),
        Tool("lynctopo publish", lambda d: [binary, "publish", d.path, "--format", "json"], ok_codes=(0, 1),
             probe=[binary, "publish"]),
        Tool("lynctopo restore", lambda d: [binary, "restore", d.path, "--failed", d.failed or failed, "--format", "json"],
             ok_codes=(0, 1), probe=[binary, "restore"]),
        Tool("lynctopo diff", lambda d: [binary, "diff", d.path, d.edited or d.path, "--format", "json"], ok_codes=(0, 1),
             probe=[binary, "diff"]),
    ]
    baselines = [
        Tool("xmllint --noout", lambda d: ["xmllint", "--noout", d.path]),
        Tool("python ElementTree", lambda d: [python, os.path.join(HERE, "et_resolve.py"), d.path], published_only=True),
    ]
    return baselines + lynctopo


class Document:
    def __init__(self, label, path, edited=None, failed=None, shape=None):
        self.label = label
        self.path = path
        self.edited = edited
        self.failed = failed
        self.shape = shape
        self.size = os.path.getsize(path)


def make_document(workdir, label, sites, pools, front_ends, seed):
    name = f"topology-{sites}x{pools}x{front_ends}-seed{seed}"
    path = os.path.join(workdir, name + ".xml")
    edited = os.path.join(workdir, name + "-edited.xml")
    for target, edit in ((path, False), (edited, True)):
        if not os.path.exists(target):
            temporary = target + ".tmp"
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                generate.generate(stream, sites, pools, front_ends, seed, edit=edit)
            os.replace(temporary, target)
    return Document(label, path, edited=edited, failed=generate.Names.primary_sql(1, 1),
                    shape=f"{sites}x{pools}x{front_ends}")


def first_sql_server(path):
    """The FQDN of the SQL Server of a published topology's first SQL instance (the server `restore` fails)."""
    import xml.etree.ElementTree as ET
    ns = "{urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008}"
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return None
    clusters = {}
    for cluster in root.iter(ns + "Cluster"):
        ident = cluster.find(ns + "ClusterId")
        if ident is not None:
            clusters[(ident.get("SiteId"), ident.get("Number"))] = cluster.get("Fqdn")
    for ident in root.iter(ns + "SqlInstanceId"):
        cluster = ident.find(ns + "ClusterId")
        if cluster is not None:
            return clusters.get((cluster.get("SiteId"), cluster.get("Number")))
    return None


def is_not_available(code, error):
    return code == 64 and ("not available yet" in error or "not yet available" in error)


def linear_fit(points):
    """Least squares y = a + b·x; returns (a, b, R²)."""
    n = len(points)
    if n < 2:
        return None
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    total = sum((y - mean_y) ** 2 for _, y in points)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in points)
    return intercept, slope, (1 - residual / total) if total > 0 else 1.0


def growth_exponent(points):
    """k in time ∝ size^k, from a least-squares fit in log–log space (1 is linear, 2 quadratic)."""
    logs = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    fit = linear_fit(logs)
    return fit[1] if fit else None


def main(argv=None):
    parser = argparse.ArgumentParser(description="lynctopo benchmark: see Benchmarks/run.sh")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "lynctopo"))
    parser.add_argument("--sizes", default="100KB,1MB,5MB,20MB,50MB", help="comma-separated target sizes")
    parser.add_argument("--shapes", default="20x100x8",
                        help="extra documents by shape SITESxPOOLSxFRONT_ENDS, comma-separated ('' for none)")
    parser.add_argument("--samples", default="topologies/enterprise-mirrored.xml",
                        help="small real-shaped documents to time too, comma-separated paths ('' for none)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool and document (default 5)")
    parser.add_argument("--small-runs", type=int, default=21, help="timed runs for documents under 1 MB (default 21)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tools", default="", help="only the tools whose name contains one of these words (comma-separated)")
    parser.add_argument("--workdir", default=os.path.join(ROOT, ".build", "bench"))
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args(argv)

    if not os.access(args.binary, os.X_OK):
        sys.exit(f"bench: no lynctopo binary at {args.binary} (run Benchmarks/run.sh, which builds it)")
    os.makedirs(args.workdir, exist_ok=True)

    documents = []
    for path in filter(None, args.samples.split(",")):
        full = path if os.path.isabs(path) else os.path.join(ROOT, path)
        documents.append(Document("sample " + os.path.basename(path), full, failed=first_sql_server(full)))
    for text in filter(None, args.sizes.split(",")):
        sites, pools = generate.shape_for_size(generate.parse_size(text))
        documents.append(make_document(args.workdir, text, sites, pools, 8, args.seed))
    for text in filter(None, args.shapes.split(",")):
        sites, pools, front_ends = (int(part) for part in text.lower().split("x"))
        documents.append(make_document(args.workdir, text, sites, pools, front_ends, args.seed))
    documents.sort(key=lambda d: d.size)

    selected = tools(args.binary, sys.executable)
    if args.tools:
        words = [w.strip().lower() for w in args.tools.split(",") if w.strip()]
        selected = [t for t in selected if any(w in t.name.lower() for w in words) or t.name.startswith("xmllint")]
    if not os.access(TIME, os.X_OK):
        sys.exit(f"bench: {TIME} is missing (apt-get install time)")
    for tool in selected:
        # A subcommand not built yet is a stub that says so and exits 64, whatever its arguments.
        if tool.probe:
            _, _, code, error = run_once(tool.probe)
            if is_not_available(code, error):
                tool.unavailable = "not available yet"
                print(f"  {tool.name}: not available yet (exit 64); skipped", flush=True)

    print(f"lynctopo benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
          f"{args.runs} runs per point ({args.small_runs} under 1 MB), median wall time, peak RSS", flush=True)
    results = []   # dicts: document, size, tool, median, runs, rss, status
    for document in documents:
        runs = args.small_runs if document.size < 1_000_000 else args.runs
        active = []
        for tool in selected:
            if tool.unavailable:
                continue
            if tool.published_only and document.path.endswith(".tbxml"):
                continue
            # A warm-up run: fills the page cache and tells whether the command exists yet.
            _, _, code, error = run_once(tool.command(document))
            if is_not_available(code, error):
                tool.unavailable = "not available yet"
                print(f"  {tool.name}: not available yet (exit 64); skipped", flush=True)
                continue
            if code == 64:
                tool.unavailable = f"usage error: {error}"
                print(f"  {tool.name}: exit 64 ({error}); skipped", flush=True)
                continue
            if code not in tool.ok_codes:
                print(f"  {tool.name} on {document.label}: exit {code}: {error}; skipped for this document", flush=True)
                results.append({"document": document.label, "size": document.size, "tool": tool.name,
                                "status": f"exit {code}", "error": error})
                continue
            active.append(tool)
        times = {tool.name: [] for tool in active}
        peaks = {tool.name: 0 for tool in active}
        for _ in range(runs):
            for tool in active:
                elapsed, rss, _, _ = run_once(tool.command(document))
                times[tool.name].append(elapsed)
                peaks[tool.name] = max(peaks[tool.name], rss)
        for tool in active:
            results.append({"document": document.label, "shape": document.shape, "size": document.size,
                            "tool": tool.name, "status": "ok", "median": statistics.median(times[tool.name]),
                            "min": min(times[tool.name]), "runs": len(times[tool.name]), "rss": peaks[tool.name]})
        print(f"  measured {document.label} ({document.size / 1e6:.2f} MB, {runs} runs)", flush=True)

    print_table(results)
    print_fits(results)
    print_bar(results)
    unavailable = [f"{t.name} ({t.unavailable})" for t in selected if t.unavailable]
    if unavailable:
        print(f"\nNot measured: {', '.join(unavailable)}")
    if args.json:
        with open(args.json, "w") as stream:
            json.dump({"results": results, "unavailable": unavailable}, stream, indent=2)
    return 0


def reference(results, document, tool="xmllint --noout"):
    for row in results:
        if row["document"] == document and row["tool"] == tool and row["status"] == "ok":
            return row
    return None


def print_table(results):
    print()
    header = f"{'document':<34} {'size MB':>8}  {'tool':<20} {'median s':>9} {'× xmllint':>10} {'peak MB':>8} {'× RSS':>6}"
    print(header)
    print("-" * len(header))
    last = None
    for row in results:
        if row["document"] != last and last is not None:
            print()
        last = row["document"]
        label = row["document"] + (f" ({row['shape']})" if row.get("shape") else "")
        if row["status"] != "ok":
            print(f"{label:<34} {row['size'] / 1e6:>8.2f}  {row['tool']:<20} {row['status']:>9}")
            continue
        base = reference(results, row["document"])
        ratio = f"{row['median'] / base['median']:.2f}" if base else "-"
        rss_ratio = f"{row['rss'] / base['rss']:.2f}" if base else "-"
        print(f"{label:<34} {row['size'] / 1e6:>8.2f}  {row['tool']:<20} {row['median']:>9.4f} {ratio:>10} "
              f"{row['rss'] / 1e6:>8.1f} {rss_ratio:>6}")


def print_fits(results):
    print("\nGrowth (generated documents): time = a + b·size, least squares over the medians; "
          "k from log–log over sizes ≥ 1 MB (k = 1 is linear)")
    print(f"{'tool':<20} {'a (ms)':>9} {'b (ms/MB)':>10} {'R²':>8} {'k':>6}")
    names = []
    for row in results:
        if row["tool"] not in names:
            names.append(row["tool"])
    for name in names:
        points = [(row["size"] / 1e6, row["median"]) for row in results
                  if row["tool"] == name and row["status"] == "ok" and row.get("shape")]
        fit = linear_fit(points)
        if not fit:
            continue
        exponent = growth_exponent([p for p in points if p[0] >= 1])
        k = f"{exponent:.2f}" if exponent is not None else "-"
        print(f"{name:<20} {fit[0] * 1000:>9.1f} {fit[1] * 1000:>10.2f} {fit[2]:>8.4f} {k:>6}")


def print_bar(results):
    """The bar: the lynctopo pipeline within 1.5× xmllint's wall time and no more peak memory."""
    print("\nBar (≤ 1.5× xmllint wall time, peak RSS ≤ xmllint's), documents of 10 MB and more:")
    for row in results:
        if row["status"] != "ok" or not row["tool"].startswith("lynctopo") or row["size"] < 10_000_000:
            continue
        base = reference(results, row["document"])
        if not base:
            continue
        time_ratio = row["median"] / base["median"]
        rss_ratio = row["rss"] / base["rss"]
        verdict = "meets" if time_ratio <= 1.5 and rss_ratio <= 1.0 else "misses"
        print(f"  {row['tool']:<20} {row['document']:<10} time {time_ratio:.2f}×, memory {rss_ratio:.2f}×: {verdict} the bar")


if __name__ == "__main__":
    sys.exit(main())
