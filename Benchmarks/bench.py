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
import resource
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


class Run:
    """One run: wall seconds, CPU seconds (user + system), peak RSS in bytes, exit status, first line of stderr."""

    def __init__(self, wall, cpu, rss, code, error):
        self.wall, self.cpu, self.rss, self.code, self.error = wall, cpu, rss, code, error


def run_once(command, stdout_path=os.devnull):
    """Runs `command` under /usr/bin/time. The wall time is taken around the whole run; the peak RSS is the one
    /usr/bin/time reports (GNU time's %M, the child's maximum resident set size): going through /usr/bin/time
    rather than reading wait4(2) here matters, as a child forked from this Python process would count Python's
    own pages. The CPU time (user + system, every thread) is what the finished children used, from
    getrusage(2) in microseconds (GNU time prints hundredths); it includes /usr/bin/time's own, the same small
    amount for every tool."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report, open(stdout_path, "wb") as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        process = subprocess.run([TIME, "-f", "%M", "-o", report.name, "--"] + command, stdout=out,
                                 stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        lines = [line for line in report.read().splitlines() if line.strip()]
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    rss = int(lines[-1]) * 1024 if lines and lines[-1].strip().isdigit() else 0
    error = process.stderr.decode("utf-8", "replace").strip()
    return Run(elapsed, cpu, rss, process.returncode, error.splitlines()[0] if error else "")


def start_up(commands, rounds):
    """Median wall time of each command (a dict name: argument list), run `rounds` times round-robin, each started
    with posix_spawn and waited for, output to /dev/null: nothing else in the measured span, so that start-up
    costs are not hidden behind those of /usr/bin/time or of starting a process from Python."""
    times = {name: [] for name in commands}
    null = os.open(os.devnull, os.O_RDWR)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
        for _ in range(rounds):
            for name, command in commands.items():
                start = time.perf_counter()
                pid = os.posix_spawnp(command[0], command, os.environ, file_actions=actions)
                os.waitpid(pid, 0)
                times[name].append(time.perf_counter() - start)
    finally:
        os.close(null)
    return {name: statistics.median(values) for name, values in times.items()}


def instructions(command):
    """Instructions executed by `command`, every thread counted (valgrind --tool=callgrind), or None without
    valgrind. Unlike times, the count does not depend on the machine's load."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            process = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out"] + command,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        except FileNotFoundError:
            return None
        for line in process.stderr.decode("utf-8", "replace").splitlines():
            if "Collected :" in line:
                return int(line.rsplit(":", 1)[1].strip())
    return None


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
        # One parse of each of the two documents diff reads: the reference for diff.
        Tool("xmllint both", lambda d: ["xmllint", "--noout", d.path, d.edited or d.path]),
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
    parser.add_argument("--startup-runs", type=int, default=101,
                        help="runs of the start-up measurement on the first sample (default 101; 0 skips it)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions (valgrind --tool=callgrind) on documents up to --instructions-max")
    parser.add_argument("--instructions-max", type=lambda text: generate.parse_size(text), default="3MB",
                        help="largest document whose instructions are counted (default 3MB)")
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
            probe = run_once(tool.probe)
            if is_not_available(probe.code, probe.error):
                tool.unavailable = "not available yet"
                print(f"  {tool.name}: not available yet (exit 64); skipped", flush=True)

    print(f"lynctopo benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
          f"{args.runs} runs per point ({args.small_runs} under 1 MB), median wall and CPU time, peak RSS", flush=True)
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
            warm = run_once(tool.command(document))
            code, error = warm.code, warm.error
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
        cpus = {tool.name: [] for tool in active}
        peaks = {tool.name: 0 for tool in active}
        for _ in range(runs):
            for tool in active:
                run = run_once(tool.command(document))
                times[tool.name].append(run.wall)
                cpus[tool.name].append(run.cpu)
                peaks[tool.name] = max(peaks[tool.name], run.rss)
        counted = args.instructions and document.size <= args.instructions_max
        for tool in active:
            results.append({"document": document.label, "shape": document.shape, "size": document.size,
                            "tool": tool.name, "status": "ok", "median": statistics.median(times[tool.name]),
                            "min": min(times[tool.name]), "cpu": statistics.median(cpus[tool.name]),
                            "runs": len(times[tool.name]), "rss": peaks[tool.name],
                            "instructions": instructions(tool.command(document)) if counted else None})
        print(f"  measured {document.label} ({document.size / 1e6:.2f} MB, {runs} runs"
              f"{', instructions counted' if counted else ''})", flush=True)

    startup = None
    samples = [d for d in documents if d.label.startswith("sample")]
    if samples and args.startup_runs > 0:
        sample = samples[0]
        startup = start_up({"xmllint --noout": ["xmllint", "--noout", sample.path],
                            "lynctopo validate": [args.binary, "validate", sample.path],
                            "lynctopo --version": [args.binary, "--version"]}, args.startup_runs)
        startup = {"document": sample.label, "medians": startup}

    print_table(results)
    print_fits(results)
    print_startup(startup)
    print_bar(results, startup)
    unavailable = [f"{t.name} ({t.unavailable})" for t in selected if t.unavailable]
    if unavailable:
        print(f"\nNot measured: {', '.join(unavailable)}")
    if args.json:
        with open(args.json, "w") as stream:
            json.dump({"results": results, "startup": startup, "unavailable": unavailable}, stream, indent=2)
    return 0


def reference(results, document, tool="xmllint --noout"):
    for row in results:
        if row["document"] == document and row["tool"] == tool and row["status"] == "ok":
            return row
    return None


def print_table(results):
    print()
    header = (f"{'document':<34} {'size MB':>8}  {'tool':<20} {'wall s':>8} {'× xmllint':>9} {'CPU s':>8} {'× xmllint':>9} "
              f"{'peak MB':>8} {'× RSS':>6} {'instructions':>14}")
    print(header)
    print("-" * len(header))
    last = None
    for row in results:
        if row["document"] != last and last is not None:
            print()
        last = row["document"]
        label = row["document"] + (f" ({row['shape']})" if row.get("shape") else "")
        if row["status"] != "ok":
            print(f"{label:<34} {row['size'] / 1e6:>8.2f}  {row['tool']:<20} {row['status']:>8}")
            continue
        base = reference(results, row["document"])
        ratio = f"{row['median'] / base['median']:.2f}" if base else "-"
        cpu_ratio = f"{row['cpu'] / base['cpu']:.2f}" if base and base["cpu"] > 0 else "-"
        rss_ratio = f"{row['rss'] / base['rss']:.2f}" if base else "-"
        count = f"{row['instructions'] / 1e6:,.0f} M" if row.get("instructions") else ""
        print(f"{label:<34} {row['size'] / 1e6:>8.2f}  {row['tool']:<20} {row['median']:>8.4f} {ratio:>9} "
              f"{row['cpu']:>8.4f} {cpu_ratio:>9} {row['rss'] / 1e6:>8.1f} {rss_ratio:>6} {count:>14}")


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


# The bars, against xmllint --noout on the same document in the same run: for show, validate, publish and
# restore on documents of 10 MB and more, CPU time (user + system) at most 1.5× xmllint's, wall time at most 1.2×
# and peak memory at most xmllint's; for diff, CPU time at most 2× that of one xmllint parse of each of its two
# documents ("xmllint both"); at start-up, validate on the sample within 2× xmllint's wall time.
BAR_CPU, BAR_WALL, BAR_RSS, BAR_DIFF_CPU, BAR_START = 1.5, 1.2, 1.0, 2.0, 2.0


def print_startup(startup):
    if not startup:
        return
    medians = startup["medians"]
    base = medians["xmllint --noout"]
    print(f"\nStart-up ({startup['document']}, posix_spawn to exit, median):")
    for name, value in medians.items():
        print(f"  {name:<20} {value * 1000:7.2f} ms  {value / base:5.2f}× xmllint")


def print_bar(results, startup=None):
    print(f"\nBars: CPU ≤ {BAR_CPU}×, wall ≤ {BAR_WALL}×, peak RSS ≤ {BAR_RSS}× xmllint on documents of 10 MB and more; "
          f"diff CPU ≤ {BAR_DIFF_CPU}× xmllint on both documents; start-up (validate on a sample) ≤ {BAR_START}× xmllint's wall time")
    for row in results:
        if row["status"] != "ok" or not row["tool"].startswith("lynctopo"):
            continue
        base = reference(results, row["document"])
        if not base:
            continue
        if row["size"] < 10_000_000:
            continue
        if row["tool"] == "lynctopo diff":
            both = reference(results, row["document"], "xmllint both")
            if both and both["cpu"] > 0:
                ratio = row["cpu"] / both["cpu"]
                print(f"  {row['tool']:<20} {row['document']:<10} CPU {ratio:.2f}× one parse of each: "
                      f"{'meets' if ratio <= BAR_DIFF_CPU else 'misses'}")
            continue
        wall, cpu, rss = row["median"] / base["median"], row["cpu"] / max(base["cpu"], 1e-9), row["rss"] / base["rss"]
        missed = [name for name, value, bar in (("CPU", cpu, BAR_CPU), ("wall", wall, BAR_WALL), ("memory", rss, BAR_RSS))
                  if value > bar]
        print(f"  {row['tool']:<20} {row['document']:<10} CPU {cpu:.2f}×, wall {wall:.2f}×, memory {rss:.2f}×: "
              f"{'meets every bar' if not missed else 'misses ' + ', '.join(missed)}")
    if startup:
        medians = startup["medians"]
        ratio = medians["lynctopo validate"] / medians["xmllint --noout"]
        print(f"  start-up: lynctopo validate on {startup['document']}: wall {ratio:.2f}×: "
              f"{'meets' if ratio <= BAR_START else 'misses'}")


if __name__ == "__main__":
    sys.exit(main())
