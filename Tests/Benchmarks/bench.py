"""`make bench`: our credit-bench / credit train against pandas, pyarrow, statsmodels and scikit-learn, side by side.

Run by Tests/Benchmarks/run.sh with the .venv-bench python. Every measured run is its own subprocess; ours and
the peers' runs alternate (the order flips every repetition); times are medians over the repetitions; peak RSS
is the subprocess's ru_maxrss from os.wait4. See Tests/Benchmarks/README.md for what each case measures.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_data  # noqa: E402

sys.modules.setdefault("bench", sys.modules[__name__])  # bench_apps imports this module by name: one instance
import bench_apps  # noqa: E402

PEERS = os.path.join(HERE, "peers")
PY = sys.executable


class BenchError(Exception):
    pass


# ---------------------------------------------------------------------------------------------------- running

def run_child(cmd: list[str], label: str) -> dict:
    """Run one measured subprocess. Returns wall seconds (harness clock), peak RSS (MiB), parsed JSON stdout."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
        out = p.stdout.read()
        p.stdout.close()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if p.returncode != 0:
        raise BenchError(f"{label} failed with exit code {p.returncode}: {' '.join(cmd)}\n"
                         f"--- stderr (last 2000 chars) ---\n{stderr[-2000:]}")
    text = out.decode(errors="replace").strip()
    parsed = None
    for line in reversed(text.splitlines()):  # the last JSON line on stdout is the report
        line = line.strip()
        if line.startswith("{"):
            try:
                parsed = json.loads(line)
                break
            except json.JSONDecodeError:
                pass
    if parsed is None and text.startswith("{"):
        try:
            parsed = json.loads(text)  # a pretty-printed (multi-line) JSON document
        except json.JSONDecodeError:
            pass
    return {"wall": wall, "rss_mib": ru.ru_maxrss / 1024.0, "json": parsed, "stdout": text}


def need_json(r: dict, label: str, keys: list[str]) -> dict:
    j = r["json"]
    if not isinstance(j, dict) or any(k not in j for k in keys):
        raise BenchError(f"{label} did not print a JSON object with keys {keys} on stdout; got:\n{r['stdout'][:1000]}")
    return j


def alternate(contenders: list[tuple[str, list[str]]], reps: int, log, keys: list[str] | None = None
              ) -> dict[str, list[dict]]:
    """Run every contender `reps` times, interleaved; the order is reversed on odd repetitions.
    With `keys`, each run's stdout JSON is checked at once, so a broken contender stops the bench early."""
    results: dict[str, list[dict]] = {name: [] for name, _ in contenders}
    for rep in range(reps):
        order = contenders if rep % 2 == 0 else list(reversed(contenders))
        for name, cmd in order:
            label = f"our {os.path.basename(cmd[0])} {cmd[1]}" if name == "ours" else name
            r = run_child(cmd, label)
            if keys:
                need_json(r, label, keys)
            results[name].append(r)
            log(f"  rep {rep + 1}/{reps} {name}: wall {r['wall']:.3f}s, peak RSS {r['rss_mib']:.0f} MiB")
    return results


def med(values) -> float:
    return statistics.median(values)


SPREAD_LIMIT = 1.5


def spreads(result) -> dict[str, float]:
    """Slowest / fastest repetition of every contender of a case (a dict of contenders, or a list of grid cells)."""
    out = {}
    items = result if isinstance(result, list) else [result]
    for i, part in enumerate(items):
        if not isinstance(part, dict):
            continue
        prefix = f"{part['n']}x{part['p']} " if "n" in part and "p" in part else ""
        for name, v in part.items():
            if isinstance(v, dict) and len([s for s in v.get("all_seconds", []) if s > 0]) > 1:
                runs = [s for s in v["all_seconds"] if s > 0]
                out[prefix + name] = max(runs) / min(runs)
    return out


RERUNS: list[str] = []  # what steady() reran, for the report


def steady(label: str, run, log=lambda m: print(m, file=sys.stderr, flush=True)):
    """Runs a case; when a contender's repetitions spread (slowest / fastest) more than 1.5×, runs the whole case
    once more (all contenders, alternating again) and keeps the second run, marked (issue 24 item 5)."""
    first = run()
    wide = {k: v for k, v in spreads(first).items() if v > SPREAD_LIMIT}
    if not wide:
        return first
    what = ", ".join(f"{k} {v:.2f}×" for k, v in wide.items())
    log(f"{label}: repetitions spread more than {SPREAD_LIMIT}× ({what}); running the case once more")
    second = run()
    still = {k: v for k, v in spreads(second).items() if v > SPREAD_LIMIT}
    note = (f"first run spread {what}; rerun: "
            + (", ".join(f"{k} {v:.2f}×" for k, v in still.items()) + " (still unsteady)" if still else "steady"))
    if isinstance(second, dict):
        second["rerun"] = note
    RERUNS.append(f"{label}: {note}")
    return second


# ---------------------------------------------------------------------------------------------------- machine

def sh(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def blas_in_use(credit_bench: str | None) -> dict:
    """The OpenBLAS our binaries load and the kernel set it chose here (`credit-bench machine`:
    openblas_get_config / openblas_get_corename through BLASThreads.configuration / coreName)."""
    if not credit_bench:
        return {}
    try:
        r = run_child([credit_bench, "machine"], "credit-bench machine")
    except BenchError as e:
        return {"error": str(e).splitlines()[0]}
    return r["json"] or {}


def machine(credit_bin: str, credit_bench: str | None = None) -> dict:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    osname = platform.platform()
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    osname = line.split("=", 1)[1].strip().strip('"') + f" (kernel {platform.release()})"
    except OSError:
        pass
    swift = sh(["swift", "--version"]).splitlines()
    blas = "; ".join(line for line in sh(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n", "libopenblas0*",
                                          "libopenblas-dev", "liblapacke"]).splitlines()
                     if len(line.split()) == 2)  # skip packages dpkg knows of but has not installed
    peers = {}
    for pkg in ["numpy", "pandas", "pyarrow", "statsmodels", "scikit-learn", "scipy", "optbinning", "scorecardpy"]:
        try:
            peers[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            peers[pkg] = "not installed"
    # The SIMD extensions the processor offers (our C kernels and OpenBLAS pick theirs at run time from these).
    flags = []
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    have = set(line.split(":", 1)[1].split())
                    flags = [x for x in ("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl",
                                         "avx512_bf16", "avx512_vnni", "sha_ni") if x in have]
                    break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cpu_flags": flags,
        "binaries": [b for b in (credit_bin, credit_bench) if b],
        "blas": blas_in_use(credit_bench),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory": mem,
        "os": osname,
        "swift": swift[0] if swift else "unknown",
        "openblas": blas or "not found by dpkg-query",
        "python": platform.python_version(),
        "peers": peers,
        "threads_env": {k: os.environ[k] for k in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"] if k in os.environ},
    }


# ---------------------------------------------------------------------------------------------------- checks

def max_rel_diff(ours: dict, ref: dict) -> tuple[float, str]:
    """Max over coefficients of |a - b| / max(|b|, 1e-12), and the worst name; inf if a name is missing."""
    worst, name = 0.0, ""
    for k, b in ref.items():
        if k not in ours:
            return math.inf, f"{k} missing"
        a = float(ours[k])
        d = abs(a - b) / max(abs(b), 1e-12)
        if not math.isfinite(a) or d > worst:
            worst, name = (d if math.isfinite(a) else math.inf), k
    extra = set(ours) - set(ref)
    if extra:
        return math.inf, f"unexpected {sorted(extra)[:3]}"
    return worst, name


def find_coefficients(doc) -> dict | None:
    """Coefficients by term name from our model file ({"fit": {"termNames", "coefficients"}}) or the
    `credit train --format json` report ({"result": {...}})."""
    if not isinstance(doc, dict):
        return None
    fit = doc.get("fit") or doc.get("result")
    if isinstance(fit, dict) and "termNames" in fit and "coefficients" in fit:
        return {str(n): float(x) for n, x in zip(fit["termNames"], fit["coefficients"])}
    return None


# ---------------------------------------------------------------------------------------------------- cases

def case_read(data: str, meta: dict, ours: str, reps: int, log, pandas2: str | None = None) -> dict:
    log("CSV read")
    contenders = [("ours", [ours, "read", data]),
                  ("pandas", [PY, os.path.join(PEERS, "read_pandas.py"), data]),
                  ("pyarrow", [PY, os.path.join(PEERS, "read_pyarrow.py"), data])]
    if pandas2:
        contenders.append(("pandas2", [pandas2, os.path.join(PEERS, "read_pandas.py"), data]))
    res = alternate(contenders, reps, log, ["seconds", "rows", "columns"])
    out = {}
    problems = []
    for name, runs in res.items():
        js = [need_json(r, f"{name} read", ["seconds", "rows", "columns"]) for r in runs]
        for j in js:
            if (j["rows"], j["columns"]) != (meta["rows"], meta["columns"]):
                problems.append(f"{name} read {j['rows']}×{j['columns']}, expected {meta['rows']}×{meta['columns']}")
        out[name] = {"seconds": med(j["seconds"] for j in js), "rss_mib": med(r["rss_mib"] for r in runs),
                     "all_seconds": [j["seconds"] for j in js], "sums": js[-1].get("sums") or {},
                     "version": js[-1].get("version", "")}
    # The values read: per column, each peer's sum against ours (summation orders differ, hence a tolerance).
    worst = 0.0
    ours_sums = out["ours"]["sums"]
    for name in out:
        if name == "ours":
            continue
        sums = out[name]["sums"]
        if set(sums) != set(ours_sums):
            problems.append(f"{name} summed columns {sorted(set(sums) ^ set(ours_sums))[:3]} that we did not, or the reverse")
            continue
        for col, b in sums.items():
            d = abs(ours_sums[col] - b) / max(abs(b), 1.0)
            worst = max(worst, d)
            if d > 1e-9:
                problems.append(f"{name} column {col} sums to {b!r}, ours to {ours_sums[col]!r}")
    out["check"] = "; ".join(sorted(set(problems))) or (
        f"all agree: {meta['rows']} rows × {meta['columns']} columns; column sums within {worst:.0e} relative")
    out["ok"] = not problems
    return out


def case_fit(data: str, ours: str, reps: int, log) -> dict:
    log("Fit")
    res = alternate([("ours", [ours, "fit", data, "--target", "y"]),
                     ("statsmodels", [PY, os.path.join(PEERS, "fit_statsmodels.py"), data, "--target", "y"]),
                     ("sklearn", [PY, os.path.join(PEERS, "fit_sklearn.py"), data, "--target", "y"])], reps, log,
                    ["read_seconds", "fit_seconds", "iterations", "coefficients"])
    out = {}
    for name, runs in res.items():
        js = [need_json(r, f"{name} fit", ["read_seconds", "fit_seconds", "iterations", "coefficients"]) for r in runs]
        out[name] = {"seconds": med(j["fit_seconds"] for j in js), "read_seconds": med(j["read_seconds"] for j in js),
                     "iterations": js[-1]["iterations"], "rss_mib": med(r["rss_mib"] for r in runs),
                     "coefficients": js[-1]["coefficients"], "all_seconds": [j["fit_seconds"] for j in js]}
    ref = out["statsmodels"]["coefficients"]
    checks, ok = [], True
    for name in ("ours", "sklearn"):
        d, worst = max_rel_diff(out[name]["coefficients"], ref)
        out[name]["max_rel_diff"] = d
        flag = d > 1e-8
        ok = ok and not flag
        checks.append(f"{name} vs statsmodels max rel diff {d:.1e} ({worst})" + (" **> 1e-8**" if flag else ""))
    out["check"], out["ok"] = "; ".join(checks), ok
    return out


def parse_grid(spec: str) -> list[tuple[int, int]]:
    """'10000x10,100000x30' -> [(10000, 10), (100000, 30)]."""
    cells = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        n, p = part.lower().split("x")
        cells.append((int(n), int(p)))
    return cells


def case_fit_grid(cells: list[tuple[int, int]], root: str, seed: int, ours: str, reps: int, log) -> list[dict]:
    """The fit on an n x p grid of N(0,1) predictors (gen_data.generate_grid): ours, statsmodels and scikit-learn
    newton-cholesky side by side; coefficients must agree with statsmodels to 1e-8 (relative, or absolute below 1)."""
    out = []
    for n, p in cells:
        data = os.path.join(root, ".build", "bench-data", f"grid-{n}x{p}-seed{seed}.csv")
        t0 = time.perf_counter()
        meta = gen_data.generate_grid(data, n, p, seed)
        log(f"Fit grid n={n:,} p={p}: data {'reused' if meta['reused'] else f'generated in {time.perf_counter() - t0:.0f}s'}")
        with open(data, "rb") as f:
            while f.read(1 << 24):
                pass
        keys = ["read_seconds", "fit_seconds", "iterations", "coefficients"]
        res = alternate([("ours", [ours, "fit", data, "--target", "y"]),
                         ("statsmodels", [PY, os.path.join(PEERS, "fit_statsmodels.py"), data, "--target", "y"]),
                         ("sklearn", [PY, os.path.join(PEERS, "fit_sklearn.py"), data, "--target", "y"])], reps, log, keys)
        cell = {"n": n, "p": p}
        for name, runs in res.items():
            js = [need_json(r, f"{name} fit", keys) for r in runs]
            cell[name] = {"seconds": med(j["fit_seconds"] for j in js), "iterations": js[-1]["iterations"],
                          "rss_mib": med(r["rss_mib"] for r in runs), "coefficients": js[-1]["coefficients"],
                          "all_seconds": [j["fit_seconds"] for j in js]}
        ref = cell["statsmodels"]["coefficients"]
        for name in ("ours", "sklearn"):
            cell[name]["max_diff"] = max_abs_or_rel_diff(cell[name]["coefficients"], ref)
        cell["ok"] = cell["ours"]["max_diff"] <= 1e-8
        out.append(cell)
    return out


def max_abs_or_rel_diff(ours: dict, ref: dict) -> float:
    """Max over coefficients of |a - b| / max(|b|, 1): relative for large coefficients, absolute for small."""
    worst = 0.0
    for k, b in ref.items():
        if k not in ours or not math.isfinite(float(ours[k])):
            return math.inf
        worst = max(worst, abs(float(ours[k]) - b) / max(abs(b), 1.0))
    return worst if not (set(ours) - set(ref)) else math.inf


def case_auc(rows: int, seed: int, ours: str, reps: int, log) -> dict:
    """AUC with DeLong SE and CI (ours) vs scikit-learn roc_auc_score (AUC only), on identical in-process data."""
    log(f"AUC on {rows:,} scores")
    keys = ["seconds", "auc", "rows"]
    res = alternate([("ours", [ours, "auc", str(rows), str(seed)]),
                     ("sklearn", [PY, os.path.join(PEERS, "auc_sklearn.py"), str(rows), str(seed)])], reps, log, keys)
    out = {}
    for name, runs in res.items():
        js = [need_json(r, f"{name} auc", keys) for r in runs]
        out[name] = {"seconds": med(j["seconds"] for j in js), "rss_mib": med(r["rss_mib"] for r in runs),
                     "auc": js[-1]["auc"], "all_seconds": [j["seconds"] for j in js]}
    d = abs(out["ours"]["auc"] - out["sklearn"]["auc"])
    out["ok"] = d <= 1e-12
    out["check"] = f"AUC {out['ours']['auc']:.12f}, |ours − sklearn| = {d:.1e}" + ("" if out["ok"] else " **> 1e-12**")
    return out


def case_train(data: str, credit: str, reps: int, log, ref_coef: dict | None) -> dict:
    log("End-to-end train from CSV")
    tmp = tempfile.mkdtemp(prefix="credit-bench-")
    ours_model, peer_model = os.path.join(tmp, "model.json"), os.path.join(tmp, "peer.json")
    res = alternate([("ours", [credit, "train", data, "--target", "y", "-o", ours_model, "--format", "json"]),
                     ("statsmodels", [PY, os.path.join(PEERS, "train_statsmodels.py"), data, "--target", "y",
                                      "-o", peer_model])], reps, log)
    out = {name: {"seconds": med(r["wall"] for r in runs), "rss_mib": med(r["rss_mib"] for r in runs),
                  "all_seconds": [r["wall"] for r in runs]} for name, runs in res.items()}
    if not os.path.exists(ours_model):
        raise BenchError(f"credit train exited 0 but wrote no model file at {ours_model}")
    with open(peer_model) as f:
        peer = json.load(f)["coefficients"]
    coef = None
    try:
        with open(ours_model) as f:
            coef = find_coefficients(json.load(f))
    except (OSError, json.JSONDecodeError):
        pass
    if coef is None:
        coef = find_coefficients(res["ours"][-1]["json"])
    if coef is None:
        out["check"], out["ok"] = "model written; coefficients not found in model file or stdout JSON (not checked)", None
    else:
        d, worst = max_rel_diff(coef, peer)
        out["check"] = f"model coefficients vs statsmodels max rel diff {d:.1e} ({worst})" + (" **> 1e-8**" if d > 1e-8 else "")
        out["ok"] = d <= 1e-8
    for p in (ours_model, peer_model):
        if os.path.exists(p):
            os.remove(p)
    os.rmdir(tmp) if not os.listdir(tmp) else None
    return out


def case_bin(data: str, credit: str, reps: int, log) -> dict:
    log("Binning every column (credit bin vs optbinning BinningProcess)")
    res = alternate([("ours", [credit, "bin", data, "--target", "y", "--format", "json"]),
                     ("optbinning", [PY, os.path.join(PEERS, "bin_optbinning.py"), data, "--target", "y"])], reps, log)
    out = {name: {"seconds": med(r["wall"] for r in runs), "rss_mib": med(r["rss_mib"] for r in runs),
                  "all_seconds": [r["wall"] for r in runs]} for name, runs in res.items()}
    ours = res["ours"][-1]["json"] or {}
    peer = (res["optbinning"][-1]["json"] or {}).get("iv", {})
    ranking = {r["name"]: r["informationValue"] for r in ours.get("result", {}).get("ranking", [])}
    common = [n for n in peer if n in ranking]
    at_least = [n for n in common if ranking[n] >= peer[n] - 1e-9]
    if not common:
        out["check"], out["ok"] = "IV not compared (no common columns found)", None
    else:
        out["check"] = f"our IV >= optbinning's on {len(at_least)}/{len(common)} columns"
        out["ok"] = len(at_least) == len(common)
    return out


SCORE_CHARACTERISTICS = [f"x{j}" for j in range(1, 21)]


def case_score(data: str, meta: dict, root: str, seed: int, credit: str, reps: int, log, big_rows: int) -> dict:
    """Batch scoring CSV -> CSV with a 20-characteristic scorecard: ours vs scorecardpy scorecard_ply (fed our
    bins and points, so every score must agree) and optbinning Scorecard.score (own fit on the same bins; scores
    agree up to our per-characteristic rounding). Then ours alone at `big_rows` rows for memory (0 = skip)."""
    log("Batch scoring CSV -> CSV, 20-characteristic scorecard (credit score vs scorecardpy, optbinning)")
    tmp = tempfile.mkdtemp(prefix="credit-bench-score-")
    train = os.path.join(root, ".build", "bench-data", f"bench-20000-seed{seed}.csv")
    gen_data.generate(train, 20000, seed)
    model = os.path.join(tmp, "card.json")
    excluded = [f"x{j}" for j in range(21, 31)]
    t = run_child([credit, "train", train, "--target", "y", "--scorecard", "--min-iv", "0",
                   "--exclude", ",".join(excluded), "-o", model, "--format", "json"], "credit train --scorecard")
    with open(model) as f:
        doc = json.load(f)
    k = len(doc["scorecard"]["characteristics"])
    log(f"  scorecard with {k} characteristics (trained on 20,000 rows in {t['wall']:.1f}s)")
    outs = {n: os.path.join(tmp, f"{n}.csv") for n in ("ours", "scorecardpy", "optbinning")}
    res = alternate([("ours", [credit, "score", model, data, "-o", outs["ours"]]),
                     ("scorecardpy", [PY, os.path.join(PEERS, "score_scorecardpy.py"), model, data, outs["scorecardpy"]]),
                     ("optbinning", [PY, os.path.join(PEERS, "score_optbinning.py"), model, train, data, outs["optbinning"]])],
                    reps, log)
    out = {name: {"seconds": med(r["wall"] for r in runs), "rss_mib": med(r["rss_mib"] for r in runs),
                  "all_seconds": [r["wall"] for r in runs]} for name, runs in res.items()}
    out["characteristics"] = k
    out["rows"] = meta["rows"]
    # The big run comes before the comparison imports pandas here, so both of our runs are forked from the
    # same harness (ru_maxrss counts the forked child's pages from before exec).
    if big_rows > 0:
        big = os.path.join(root, ".build", "bench-data", f"bench-{big_rows}-seed{seed}.csv")
        t0 = time.perf_counter()
        bmeta = gen_data.generate(big, big_rows, seed)
        log(f"  {big_rows:,}-row file {'reused' if bmeta['reused'] else f'generated in {time.perf_counter() - t0:.0f}s'}")
        r = run_child([credit, "score", model, big, "-o", os.path.join(tmp, "big.csv")], "credit score (big)")
        out["big"] = {"rows": big_rows, "seconds": r["wall"], "rss_mib": r["rss_mib"], "bytes": bmeta["bytes"]}
        log(f"  ours at {big_rows:,} rows: wall {r['wall']:.1f}s, peak RSS {r['rss_mib']:.0f} MiB")
    import pandas as pd
    ours = pd.read_csv(outs["ours"])
    sp = pd.read_csv(outs["scorecardpy"])
    ob = pd.read_csv(outs["optbinning"])
    n_ok = len(ours) == meta["rows"] == len(sp) == len(ob)
    same = int((ours["score"].to_numpy() == sp["score"].round().astype(int).to_numpy()).sum()) if n_ok else 0
    diff = float((ours["score"] - ob["score"]).abs().max()) if n_ok else float("nan")
    out["check"] = (f"scorecardpy score equal on {same:,}/{meta['rows']:,} rows; optbinning |diff| max {diff:.2f} "
                    f"(≤ {0.5 * k:g} expected from rounding {k} characteristics)")
    out["ok"] = n_ok and same == meta["rows"] and diff <= 0.5 * k + 1e-6
    shutil.rmtree(tmp, ignore_errors=True)
    return out


# ---------------------------------------------------------------------------------------------------- report

def fmt_s(s: float) -> str:
    return f"{s:.3f} s" if s < 100 else f"{s:.0f} s"


def ratio(peer: float, ours: float) -> float:
    return peer / ours if ours > 0 else math.inf


def target_cell(r: float, goal: float | None) -> str:
    """The target column; no goal: an informational row."""
    if goal is None:
        return "informational"
    return f"≥ {goal:g}× — {'reached' if r >= goal else 'not reached'}"


def blas_lines(m: dict) -> list[str]:
    """The machine record of issue 24 item 3: CPU extensions and the OpenBLAS kernels our binaries use."""
    b = m.get("blas") or {}
    L = [f"- CPU extensions: {', '.join(m.get('cpu_flags') or []) or 'unknown'}"]
    debug = [b for b in m.get("binaries", []) if "/debug/" in b]
    if debug:
        L.append(f"- **Debug builds** timed ({', '.join(os.path.relpath(b) for b in debug)}): not release figures")
    if b.get("blas_corename") or b.get("blas_config"):
        L.append(f"- OpenBLAS in use by our binaries (`credit-bench machine`): kernels **{b.get('blas_corename')}**; "
                 f"config `{b.get('blas_config')}`; {b.get('blas_threads')} BLAS threads")
    else:
        L.append(f"- OpenBLAS in use by our binaries: not reported ({b.get('error') or 'not OpenBLAS?'})")
    return L


def report(m: dict, meta: dict, data: str, reps: int, load_before, load_after, read, fit, train, started,
           auc=None, auc_rows=0, binning=None, scoring=None, grid=None, duration=0.0, mode="full", profile="") -> str:
    mb = meta["bytes"] / 1e6
    L = []
    L.append("# Benchmarks: credit against pandas, pyarrow, statsmodels and scikit-learn")
    L.append("")
    L.append(f"Generated by `make bench` (Tests/Benchmarks/run.sh) on {started} UTC. Times are **medians of {reps} "
             "alternating runs** (ours and the peers' interleaved, order flipped every repetition), each run in its "
             "own process; peak RSS is that process's `ru_maxrss` (median over runs). The machine is shared with "
             "other work, so absolute times move with the background load shown below; the ratios, measured side by "
             "side in the same run, are the figures to read.")
    L.append("")
    L.append(f"Mode: **{mode}**: {meta['rows']:,} rows, {reps} repetitions, fit grid "
             + (", ".join(f"{c['n']:,}×{c['p']}" for c in grid) if grid else "skipped")
             + f". This run took {duration / 60:.1f} minutes, data generation included. (`BENCH_QUICK=1 make bench` "
             "is the short run: 100,000 rows, 3 repetitions, a 2 × 2 fit grid, 1,000,000 AUC scores, no 10M scoring "
             "run — about 10 minutes on a quiet machine.)")
    L.append("")
    L.append("## Machine")
    L.append("")
    L.append(f"- CPU: {m['cpu']}; {m['cores']} cores ({m['cores_usable']} usable by this process)")
    L.append(f"- Memory: {m['memory']}")
    L.append(f"- OS: {m['os']}")
    L.append(f"- Swift: {m['swift']}")
    L.append(f"- OpenBLAS (dpkg): {m['openblas']}")
    L.extend(blas_lines(m))
    L.append(f"- Python {m['python']}; peers: " + ", ".join(f"{k} {v}" for k, v in m["peers"].items())
             + " (numpy/scipy wheels bundle their own OpenBLAS)")
    L.append(f"- Thread settings: {m['threads_env'] or 'library defaults (no OPENBLAS_NUM_THREADS / OMP_NUM_THREADS set)'}")
    L.append(f"- Load average (1/5/15 min): before {load_before[0]:.2f}/{load_before[1]:.2f}/{load_before[2]:.2f}, "
             f"after {load_after[0]:.2f}/{load_after[1]:.2f}/{load_after[2]:.2f}")
    L.append("")
    L.append("## Data")
    L.append("")
    L.append(f"- `{os.path.relpath(data)}`: {meta['rows']:,} rows × {meta['columns']} columns (x1..x30 numeric, "
             f"target `y` 0/1), {meta['bytes']:,} bytes ({mb:.1f} MB), seed {meta['seed']}, "
             f"bad rate {meta['bad_rate']:.2%}; generated by `Tests/Benchmarks/gen_data.py` "
             "(mixed scales: N(0,1), lognormal incomes, counts, flags, rates, age; known logistic truth in the "
             "sidecar `.json`). The file is read once before timing, so all runs read from the page cache.")
    L.append("")
    L.append("## Results")
    L.append("")
    L.append("| case | ours (median) | peer | peer (median) | peer/ours (× faster) | target | ours peak RSS | peer peak RSS | check |")
    L.append("|---|---|---|---|---|---|---|---|---|")

    def row(case, ours_s, peer, peer_s, goal, ours_rss, peer_rss, check, mbs=False):
        r = ratio(peer_s, ours_s)
        o = fmt_s(ours_s) + (f" ({mb / ours_s:.0f} MB/s)" if mbs and ours_s > 0 else "")
        p = fmt_s(peer_s) + (f" ({mb / peer_s:.0f} MB/s)" if mbs and peer_s > 0 else "")
        L.append(f"| {case} | {o} | {peer} | {p} | {r:.2f}× | {target_cell(r, goal)} | "
                 f"{ours_rss:.0f} MiB | {peer_rss:.0f} MiB | {check} |")

    ro = read["ours"]
    row("CSV read", ro["seconds"], "pandas.read_csv", read["pandas"]["seconds"], 5, ro["rss_mib"],
        read["pandas"]["rss_mib"], read["check"], mbs=True)
    row("CSV read", ro["seconds"], "pyarrow.csv.read_csv", read["pyarrow"]["seconds"], 2.5, ro["rss_mib"],
        read["pyarrow"]["rss_mib"], read["check"], mbs=True)
    if "pandas2" in read:
        p2 = read["pandas2"]
        row("CSV read", ro["seconds"], f"pandas {p2['version']} read_csv (the release line the targets were set with)",
            p2["seconds"], None, ro["rss_mib"], p2["rss_mib"], read["check"], mbs=True)
    fo = fit["ours"]
    row(f"fit (Newton, {fo['iterations']} it.)", fo["seconds"],
        f"statsmodels Logit newton ({fit['statsmodels']['iterations']} it.)", fit["statsmodels"]["seconds"], 10,
        fo["rss_mib"], fit["statsmodels"]["rss_mib"],
        f"max rel diff {fo['max_rel_diff']:.1e}" + (" **> 1e-8**" if fo["max_rel_diff"] > 1e-8 else ""))
    row(f"fit (Newton, {fo['iterations']} it.)", fo["seconds"],
        f"sklearn newton-cholesky ({fit['sklearn']['iterations']} it.)", fit["sklearn"]["seconds"], 6,
        fo["rss_mib"], fit["sklearn"]["rss_mib"],
        f"sklearn vs statsmodels {fit['sklearn']['max_rel_diff']:.1e}")
    to = train["ours"]
    row("train end-to-end (whole process)", to["seconds"], "pandas + statsmodels script",
        train["statsmodels"]["seconds"], 9, to["rss_mib"], train["statsmodels"]["rss_mib"], train["check"])
    if auc:
        row(f"AUC + DeLong SE and CI, {auc_rows:,} scores (in process)", auc["ours"]["seconds"],
            "sklearn roc_auc_score (AUC only)", auc["sklearn"]["seconds"], 1, auc["ours"]["rss_mib"],
            auc["sklearn"]["rss_mib"], auc["check"])
    if binning:
        bo = binning["ours"]
        row("binning 30 columns (whole process)", bo["seconds"], "pandas + optbinning BinningProcess",
            binning["optbinning"]["seconds"], 20, bo["rss_mib"], binning["optbinning"]["rss_mib"], binning["check"])
    if scoring:
        so, k = scoring["ours"], scoring["characteristics"]
        for peer, label in (("scorecardpy", "pandas + scorecardpy scorecard_ply"), ("optbinning", "pandas + optbinning Scorecard.score")):
            row(f"score CSV→CSV, {k}-characteristic scorecard (whole process)", so["seconds"], label,
                scoring[peer]["seconds"], 1, so["rss_mib"], scoring[peer]["rss_mib"], scoring["check"])
    L.append("")
    if scoring:
        so = scoring["ours"]
        rate = scoring["rows"] / so["seconds"] if so["seconds"] > 0 else math.inf
        L.append(f"Scoring throughput (ours, whole process, CSV in and out, {scoring['rows']:,} rows): "
                 f"{rate:,.0f} rows/s — target ≥ 1,000,000 rows/s **{'reached' if rate >= 1e6 else 'not reached'}**.")
        if "big" in scoring:
            b = scoring["big"]
            L.append(f"Scoring memory stays flat: peak RSS {so['rss_mib']:.0f} MiB at {scoring['rows']:,} rows, "
                     f"{b['rss_mib']:.0f} MiB at {b['rows']:,} rows ({b['bytes'] / 1e9:.1f} GB in, {fmt_s(b['seconds'])}, "
                     f"{b['rows'] / b['seconds']:,.0f} rows/s).")
        else:
            L.append("Scoring memory at 10M rows: skipped (BENCH_SCORE_BIG_ROWS=0).")
        L.append("")
    mem_ratio = train["statsmodels"]["rss_mib"] / to["rss_mib"] if to["rss_mib"] > 0 else math.inf
    L.append(f"Memory target (peak RSS of `credit train` under a third of the pandas + statsmodels script's): "
             f"{to['rss_mib']:.0f} MiB vs {train['statsmodels']['rss_mib']:.0f} MiB, "
             f"{mem_ratio:.2f}× less — **{'reached' if mem_ratio >= 3 else 'not reached'}**.")
    L.append("")
    L.append(f"Read time inside the fit runs (not in the fit column): ours {fmt_s(fo['read_seconds'])}, "
             f"statsmodels script (pandas) {fmt_s(fit['statsmodels']['read_seconds'])}, "
             f"sklearn script (pandas) {fmt_s(fit['sklearn']['read_seconds'])}.")
    L.append("")
    L.append("Checks: " + read["check"] + "; " + fit["check"] + "; train: " + train["check"] + ".")
    L.append("")
    if grid:
        L.append("### Fit on an n × p grid")
        L.append("")
        L.append("Data: `gen_data.generate_grid` — x1..xp N(0,1) with 6 decimals, y from a known logistic model "
                 "(about 15% ones). Fit time only (the read is not in it), median over the repetitions; the agreement "
                 "column is max |ours − statsmodels| / max(|statsmodels|, 1) over the coefficients (target 1e-8).")
        L.append("")
        L.append("| n | p | ours | statsmodels | × | sklearn newton-cholesky | × | iterations (ours/sm/sk) | "
                 "ours peak RSS | statsmodels peak RSS | agreement ours / sklearn |")
        L.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for c in grid:
            o, sm_, sk = c["ours"], c["statsmodels"], c["sklearn"]
            L.append(f"| {c['n']:,} | {c['p']} | {fmt_s(o['seconds'])} | {fmt_s(sm_['seconds'])} | "
                     f"{ratio(sm_['seconds'], o['seconds']):.2f}× | {fmt_s(sk['seconds'])} | "
                     f"{ratio(sk['seconds'], o['seconds']):.2f}× | {o['iterations']}/{sm_['iterations']}/{sk['iterations']} | "
                     f"{o['rss_mib']:.0f} MiB | {sm_['rss_mib']:.0f} MiB | {o['max_diff']:.1e}"
                     + ("" if c["ok"] else " **> 1e-8**") + f" / {sk['max_diff']:.1e} |")
        L.append("")
        L.append("Targets for the fit: ≥ 10× statsmodels and ≥ 6× scikit-learn newton-cholesky; the peak RSS of the fit "
                 "process (read included on both sides) under a third of statsmodels'.")
        L.append("")
    L.append("### All runs (seconds, in run order)")
    L.append("")
    unsteady = []
    for case, d in (("read", read), ("fit", fit), ("train", train), ("auc", auc or {}), ("bin", binning or {}),
                    ("score", scoring or {})):
        for name, v in d.items():
            if isinstance(v, dict) and "all_seconds" in v:
                L.append(f"- {case} {name}: " + ", ".join(f"{s:.3f}" for s in v["all_seconds"]))
                runs = [s for s in v["all_seconds"] if s > 0]
                if len(runs) > 1 and max(runs) / min(runs) > 1.5:
                    unsteady.append(f"{case} {name} ({max(runs) / min(runs):.1f}×)")
    if unsteady:
        # The medians of these cases moved with the machine's load: say so beside the results, not only here.
        at = L.index("## Results") + 2
        L[at:at] = [f"**Unsteady runs** (slowest / fastest repetition above 1.5×, after the one rerun such a case gets): {', '.join(unsteady)}. "
                    "A ratio involving these is not a settled figure, whatever its target column says: rerun on a "
                    "quiet machine before quoting it.", ""]
    for c in grid or []:
        for name in ("ours", "statsmodels", "sklearn"):
            L.append(f"- fit {c['n']}x{c['p']} {name}: " + ", ".join(f"{s:.3f}" for s in c[name]["all_seconds"]))
    L.append("")
    if profile:
        L.append(profile.rstrip())
        L.append("")
    return "\n".join(L)


# ---------------------------------------------------------------------------------------------------- main

def main() -> int:
    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--credit-bench", required=True, help="path to our credit-bench binary")
    ap.add_argument("--credit", required=True, help="path to our credit binary")
    ap.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_ROWS", 100_000 if quick else 1_000_000)))
    ap.add_argument("--reps", type=int, default=int(os.environ.get("BENCH_REPS", 3 if quick else 5)))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("BENCH_SEED", 20261129)))
    ap.add_argument("--auc-rows", type=int, default=int(os.environ.get("BENCH_AUC_ROWS", 1_000_000 if quick else 10_000_000)))
    ap.add_argument("--score-reps", type=int, default=int(os.environ.get("BENCH_SCORE_REPS", 1 if quick else 2)))
    ap.add_argument("--score-big-rows", type=int, default=int(os.environ.get("BENCH_SCORE_BIG_ROWS", 0 if quick else 10_000_000)),
                    help="rows of the memory run of credit score (0 skips it; the file is cached in .build/bench-data)")
    ap.add_argument("--grid", default=os.environ.get(
        "BENCH_GRID", "10000x10,100000x10,10000x30,100000x30" if quick else
        "10000x10,100000x10,1000000x10,10000x30,100000x30,1000000x30,10000x100,100000x100,1000000x100"),
        help="fit grid cells NxP, comma-separated ('' skips the grid)")
    ap.add_argument("--pandas2-python", default=None,
                    help="a Python with pandas 2.x: its read_csv is timed too (informational row)")
    ap.add_argument("--scorecardpy-python", default=os.environ.get("BENCH_SCORECARDPY_PYTHON", PY),
                    help="a Python with scorecardpy and pandas 2.x for woebin (scorecardpy 0.1.9.7's woebin fails "
                         "on pandas 3); run.sh passes .venv-bench-scorecardpy")
    ap.add_argument("--apps", choices=["yes", "no", "only"], default=os.environ.get("BENCH_APPS", "yes"),
                    help="the application-shaped cases (German credit × 1,000, credit synth): yes (default), no, "
                         "or only (skip the numeric-file cases)")
    ap.add_argument("--harness-check", action="store_true", default=os.environ.get("BENCH_HARNESS_CHECK", "") not in ("", "0"),
                    help="mark the application-shaped table as a harness check, not results (a small or contended run)")
    ap.add_argument("--root", default=os.path.abspath(os.path.join(HERE, "..", "..")))
    ap.add_argument("--output", default=None, help="Markdown report (default notebooks-docs/benchmarks.md)")
    a = ap.parse_args()

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    for label, path in (("credit-bench", a.credit_bench), ("credit", a.credit)):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise BenchError(f"our {label} binary is missing or not executable at {path}")
    if a.rows < 100 or a.reps < 1:
        raise BenchError("BENCH_ROWS must be at least 100 and BENCH_REPS at least 1")

    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    wall0 = time.perf_counter()
    load_before = os.getloadavg()
    m = machine(a.credit, a.credit_bench)
    log(f"machine: {m['cpu']}; OpenBLAS kernels {(m.get('blas') or {}).get('blas_corename')}")
    apps = None
    if a.apps in ("yes", "only"):
        apps = bench_apps.run(a.credit, a.credit_bench, a.scorecardpy_python, a.root, a.rows, a.seed, a.reps,
                              min(a.reps, a.score_reps), log, lambda label, fn: steady(label, fn, log))
    if a.apps == "only":
        md = apps_report(m, a, apps, started, load_before, os.getloadavg(), time.perf_counter() - wall0,
                         "quick (BENCH_QUICK=1)" if quick else "full")
        return finish(md, a, apps, log)
    data = os.path.join(a.root, ".build", "bench-data", f"bench-{a.rows}-seed{a.seed}.csv")
    log(f"data: {data}")
    t0 = time.perf_counter()
    meta = gen_data.generate(data, a.rows, a.seed)
    log(f"  {'reused' if meta['reused'] else f'generated in {time.perf_counter() - t0:.1f}s'}: "
        f"{meta['rows']} rows, {meta['bytes']:,} bytes, bad rate {meta['bad_rate']:.3f}")
    with open(data, "rb") as f:  # warm the page cache so no contender pays the first disk read
        while f.read(1 << 24):
            pass

    def st(label, fn):
        return steady(label, fn, log)
    read = st("read", lambda: case_read(data, meta, a.credit_bench, a.reps, log, a.pandas2_python))
    fit = st("fit", lambda: case_fit(data, a.credit_bench, a.reps, log))
    train = st("train", lambda: case_train(data, a.credit, a.reps, log, fit["statsmodels"]["coefficients"]))
    binning = st("bin", lambda: case_bin(data, a.credit, a.reps, log))
    scoring = st("score", lambda: case_score(data, meta, a.root, a.seed, a.credit, min(a.reps, a.score_reps), log,
                                             a.score_big_rows))
    auc = st("auc", lambda: case_auc(a.auc_rows, a.seed, a.credit_bench, a.reps, log)) if a.auc_rows > 0 else None
    grid = [st(f"fit grid {n}x{p}", lambda n=n, p=p: case_fit_grid([(n, p)], a.root, a.seed, a.credit_bench,
                                                                  min(a.reps, 3), log))[0]
            for n, p in parse_grid(a.grid)]
    load_after = os.getloadavg()
    profile = ""
    profile_path = os.path.join(HERE, "profile.md")
    if os.path.exists(profile_path):
        with open(profile_path) as f:
            profile = f.read()

    md = report(m, meta, data, a.reps, load_before, load_after, read, fit, train, started, auc, a.auc_rows, binning,
                scoring, grid, time.perf_counter() - wall0, "quick (BENCH_QUICK=1)" if quick else "full")
    md = md.rstrip("\n") + "\n\n" + reruns_line()
    if apps is not None:  # before the profile, which closes the report
        md = md.rstrip("\n") + "\n\n" + "\n".join(bench_apps.report(apps, a.harness_check))
    if profile:
        md = md.rstrip("\n") + "\n\n" + profile.rstrip() + "\n"
    return finish(md, a, apps, log)


def reruns_line() -> str:
    """Item 5's mark: which cases were rerun once because a contender's repetitions spread more than 1.5×."""
    if not RERUNS:
        return f"No case was rerun: every contender's repetitions stayed within {SPREAD_LIMIT}× (slowest / fastest).\n"
    return (f"**Rerun once** (a contender's repetitions spread more than {SPREAD_LIMIT}×; the rerun is the one "
            "reported above and below): " + "; ".join(RERUNS) + ".\n")


def finish(md: str, a, apps, log) -> int:
    """Writes the report; exits non-zero, naming the cases, when an application-shaped case's peer disagreed."""
    out = a.output or os.path.join(a.root, "notebooks-docs", "benchmarks.md")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out + ".tmp", "w") as f:
        f.write(md)
    os.replace(out + ".tmp", out)
    print(md)
    log(f"report written to {out}")
    bad = bench_apps.failures(apps or [])
    if bad:
        raise BenchError("a peer disagreed beyond the stated tolerance in: " + " | ".join(bad))
    return 0


def apps_report(m: dict, a, apps, started: str, load_before, load_after, duration: float, mode: str) -> str:
    """The report of `--apps only`: the machine and the application-shaped cases."""
    L = ["# Benchmarks: application-shaped cases", "",
         f"Generated by `make bench` (Tests/Benchmarks/run.sh, BENCH_APPS=only) on {started} UTC; mode **{mode}**, "
         f"{a.rows:,} rows, {a.reps} repetitions; {duration / 60:.1f} minutes.", "", "## Machine", "",
         f"- CPU: {m['cpu']}; {m['cores']} cores ({m['cores_usable']} usable by this process)",
         f"- Memory: {m['memory']}", f"- OS: {m['os']}", f"- Swift: {m['swift']}",
         f"- OpenBLAS (dpkg): {m['openblas']}", *blas_lines(m),
         f"- Python {m['python']}; peers: " + ", ".join(f"{k} {v}" for k, v in m["peers"].items()),
         f"- Load average (1/5/15 min): before {load_before[0]:.2f}/{load_before[1]:.2f}/{load_before[2]:.2f}, "
         f"after {load_after[0]:.2f}/{load_after[1]:.2f}/{load_after[2]:.2f}", ""]
    return "\n".join(L + [reruns_line()] + bench_apps.report(apps, a.harness_check))


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as e:
        print(f"bench: error: {e}", file=sys.stderr)
        sys.exit(1)
