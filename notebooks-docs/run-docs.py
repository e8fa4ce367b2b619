#!/usr/bin/env python3
"""Runs the commands written in the research notes and puts their real output under them.

    python3 notebooks-docs/run-docs.py --credit .build/release/credit            # rewrite every note
    python3 notebooks-docs/run-docs.py --credit .build/debug/credit --check      # drift check (make test)
    python3 notebooks-docs/run-docs.py --credit C notebooks-docs/monitoring.md    # one page

The convention (also at the top of notebooks-docs/README.md): a fenced code block directly preceded by a line
`<!-- run -->` is a run block. Its lines that start with `$ ` are commands; every other line in it is output
and is replaced (a block may hold only commands: the output is filled in). Options go in the marker:

    <!-- run exit=65 -->   the block's last command must exit with 65 (the others, and by default all, with 0)
    <!-- run head=9 -->    keep the first 9 lines of each command's output, then a line `...`
    <!-- run stdout -->    show only standard output (by default standard error follows standard output)
    <!-- run keep=out/charts/chart-roc.svg:notebooks-docs/figures/german-roc.svg -->
                           after the block, copy a file the commands wrote into the repository (repeatable);
                           --check compares it byte for byte like the text

Each page runs in a fresh scratch directory holding copies of datasets/ (so `datasets/german_credit.csv`
works as written and a note cannot change the bundled data), an empty out/, and `golden/` linked to the
published test data in Tests/TestSupport/PublishedData (logistf's sex2, pROC's aSAH). The commands of a page
run in order in that one directory, so a later block can read what an earlier block wrote. Each command runs
with `bash -o pipefail -c` and a PATH whose `credit` is the binary given by --credit.

Do not pipe `credit` into `head`: with pipefail, the SIGPIPE `head` may cause is a failure (and a race).
Write to a file and `head` the file. Output must be deterministic: commands use seeds and print no dates or
timings; they run with LC_ALL=C.UTF-8 and TZ=UTC. `normalise` below is the one place where volatile text would be rewritten; today it only maps the
scratch directory's absolute path to `.` (no command in the notes prints a date or an elapsed time).

Blocks not preceded by `<!-- run -->` (for example recorded output of R or Python peers) are left as they are.
In README.md only the tour between `<!-- tour:start` and `<!-- tour:end -->` is generated this way.

--check compares text exactly and numbers with a tolerance (`same_output`), because the last bits of a double
depend on the processor: OpenBLAS and glibc's vector maths pick other kernels with and without AVX-512, so a
full-precision PD written as 0.46895558182223457 on one machine is 0.4689555818222342 on another. Two outputs
agree when they have the same lines, every line has the same text between its numbers (runs of spaces and of
table rules may differ in length, since a column is as wide as its longest number), integers are equal, and
numbers with a point or an exponent differ by at most REL_TOLERANCE relative or one unit in their last printed
digit (a value printed as 0.6191 may round to 0.6192 elsewhere). --check --exact compares bytes (same machine:
used to prove a refactoring changed no output). Regenerating without --check always writes the bytes of this run.
"""
import argparse, concurrent.futures, difflib, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
NOTES = os.path.join(ROOT, "notebooks-docs")
# Files handled, in order. benchmarks.md is written by `make bench`, not here.
PAGES = ["README.md"] + [os.path.join("notebooks-docs", n) for n in (
    "quick-start.md", "small-borrower-scorecard.md", "comparing-metrics.md", "monitoring.md",
    "reproducing-published-numbers.md", "binning.md", "decisions.md", "reject-inference.md", "in-the-engine.md")]

MARKER = re.compile(r"^<!-- run(?P<opts>(?: [^>]*)?) -->\s*$")
FENCE = re.compile(r"^(```+)")


REL_TOLERANCE = 1e-9
# A number as the notes print it: optional sign, digits with an optional fraction (or a fraction alone), an
# optional exponent. Thousands separators split a count into integers, which then compare exactly.
NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
RULES = re.compile(r"[ \t]+|─+|-{3,}|=+")


def _numbers_agree(a, b):
    if a == b:
        return True
    inexact = lambda t: "." in t or "e" in t or "E" in t
    if not (inexact(a) and inexact(b)):
        return False
    x, y = float(a), float(b)
    if abs(x - y) <= REL_TOLERANCE * max(abs(x), abs(y)):
        return True
    def last_unit(t):
        mantissa, _, exponent = t.lower().partition("e")
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return 10.0 ** (int(exponent or 0) - decimals)
    return abs(x - y) <= 1.000001 * max(last_unit(a), last_unit(b))


def _line_agrees(old, new):
    if old == new:
        return True
    na, nb = NUMBER.findall(old), NUMBER.findall(new)
    ta, tb = (RULES.sub(" ", t) for t in (NUMBER.sub("\x00", old), NUMBER.sub("\x00", new)))
    return ta == tb and len(na) == len(nb) and all(_numbers_agree(a, b) for a, b in zip(na, nb))


def same_output(old, new):
    """True when `new` equals `old` up to the tolerance described in the module's doc string."""
    if old == new:
        return True
    a, b = old.split("\n"), new.split("\n")
    return len(a) == len(b) and all(_line_agrees(x, y) for x, y in zip(a, b))


def self_test():
    """The tolerance's own cases (DocsTests runs them): what must agree and what must not."""
    agree = [("2,0.46895558182223457", "2,0.4689555818222342"),
             ("const,0.12025404913518076,0.48554150592299494", "const,0.12025404913518149,0.48554150592299467"),
             ("p 0.6191   AIC 1001.126", "p 0.6192   AIC 1001.126"),
             ("x  0.12345678901  y", "x 0.12345678902 y"),
             ("a     0.5000000000000001\n──────────", "a  0.5\n─────")]
    differ = [("rows in 1,000, scored 1,000", "rows in 1,000, scored 999"),
              ("score 577", "score 578"),
              ("p 0.6191", "p 0.6193"),
              ("coef 0.1202540491", "coef 0.1202540501"),
              ("bad rate 30.0%", "bad rate 30.0 %"),
              ("status,ok", "status,OK"),
              ("a\nb", "a\nb\nc"),
              ("1.5e-06", "1.5e-07")]
    failed = [f"should agree: {a!r} / {b!r}" for a, b in agree if not same_output(a, b)]
    failed += [f"should differ: {a!r} / {b!r}" for a, b in differ if same_output(a, b)]
    for f in failed:
        print(f"run-docs self-test: {f}", file=sys.stderr)
    return not failed


def normalise(text, scratch):
    """The one place volatile output is rewritten: the scratch directory's absolute path becomes `.`."""
    for path in {scratch, os.path.realpath(scratch)}:
        text = text.replace(path + "/", "").replace(path, ".")
    return text


class Failure(Exception):
    pass


def parse_opts(raw, where):
    opts = {"exit": 0, "head": None, "stdout": False, "keep": []}
    for word in raw.split():
        if word == "stdout":
            opts["stdout"] = True
        elif re.fullmatch(r"exit=\d+", word):
            opts["exit"] = int(word[5:])
        elif re.fullmatch(r"head=\d+", word):
            opts["head"] = int(word[5:])
        elif re.fullmatch(r"keep=[^:\s]+:[^:\s]+", word):
            src, dest = word[5:].split(":")
            if os.path.isabs(src) or os.path.isabs(dest) or ".." in src.split("/") or ".." in dest.split("/"):
                raise Failure(f"{where}: keep= takes relative paths inside the scratch directory and the repository")
            opts["keep"].append((src, dest))
        else:
            raise Failure(f"{where}: unknown run option '{word}' (known: exit=N, head=N, stdout, keep=SRC:DEST)")
    return opts


def make_scratch(credit):
    scratch = tempfile.mkdtemp(prefix="credit-docs-")
    shutil.copytree(os.path.join(ROOT, "datasets"), os.path.join(scratch, "datasets"))
    os.makedirs(os.path.join(scratch, "out"))
    os.symlink(os.path.join(ROOT, "Tests", "TestSupport", "PublishedData"), os.path.join(scratch, "golden"))
    bindir = os.path.join(scratch, ".bin")
    os.makedirs(bindir)
    os.symlink(os.path.abspath(credit), os.path.join(bindir, "credit"))
    return scratch, bindir


def run_command(cmd, opts, scratch, bindir, where):
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""), LC_ALL="C.UTF-8", TZ="UTC")
    p = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=scratch, env=env, capture_output=True)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode != opts["exit"]:
        raise Failure(f"{where}: `{cmd}` exited {p.returncode}, expected {opts['exit']}\n{out}{err}")
    text = out if opts["stdout"] else out + err
    lines = [l.rstrip() for l in normalise(text, scratch).splitlines()]
    if opts["head"] is not None and len(lines) > opts["head"]:
        lines = lines[:opts["head"]] + ["..."]
    for l in lines:
        if l.startswith("$ "):
            raise Failure(f"{where}: output of `{cmd}` has a line starting with '$ ', which would read as a command")
    return lines


def regenerate(path, credit, section=None):
    """Returns the page's text with every run block's output replaced by a fresh run, and the kept files
    as a list of (repository path, bytes)."""
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    lo, hi = 0, len(lines)
    if section:
        start = next(i for i, l in enumerate(lines) if l.startswith(section[0]))
        end = next(i for i, l in enumerate(lines) if l.startswith(section[1]))
        lo, hi = start + 1, end
    scratch, bindir = make_scratch(credit)
    rel = os.path.relpath(path, ROOT)
    kept = []
    try:
        out, i = lines[:lo], lo
        while i < hi:
            m = MARKER.match(lines[i])
            if not m:
                out.append(lines[i]); i += 1; continue
            where = f"{rel}:{i + 1}"
            opts = parse_opts(m.group("opts"), where)
            out.append(lines[i])
            f = FENCE.match(lines[i + 1]) if i + 1 < hi else None
            if not f:
                raise Failure(f"{where}: `<!-- run -->` must be followed directly by a fenced code block")
            fence = f.group(1)
            j = i + 2
            while j < hi and lines[j].rstrip() != fence:
                j += 1
            if j >= hi:
                raise Failure(f"{where}: code block is not closed")
            commands = [l[2:] for l in lines[i + 2:j] if l.startswith("$ ")]
            if not commands:
                raise Failure(f"{where}: a run block needs at least one `$ ` command line")
            out.append(lines[i + 1])
            for k, cmd in enumerate(commands):
                out.append("$ " + cmd)
                o = opts if k == len(commands) - 1 else dict(opts, exit=0)
                out.extend(run_command(cmd, o, scratch, bindir, where))
            out.append(lines[j])
            for src, dest in opts["keep"]:
                try:
                    with open(os.path.join(scratch, src), "rb") as f:
                        kept.append((dest, f.read()))
                except OSError as e:
                    raise Failure(f"{where}: keep={src}:{dest}: the commands did not write {src} ({e.strerror})")
            i = j + 1
        out.extend(lines[hi:])
        return "\n".join(out), kept
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--self-test", action="store_true", help="check the tolerance's own cases and exit")
    ap.add_argument("--credit", help="the credit binary that `credit` in a command runs")
    ap.add_argument("--check", action="store_true", help="regenerate in memory; exit 1 with a diff on any drift "
                    "(numbers compared to a tolerance, text exactly)")
    ap.add_argument("--exact", action="store_true", help="with --check: compare bytes (same machine, e.g. a refactoring)")
    ap.add_argument("pages", nargs="*", help="pages to handle (default: README.md and every note)")
    args = ap.parse_args()
    if args.self_test:
        sys.exit(0 if self_test() else 1)
    if not args.credit:
        ap.error("--credit is required")
    if not os.access(args.credit, os.X_OK):
        sys.exit(f"run-docs: {args.credit} is not an executable (build it: swift build -c release --product credit)")
    pages = [os.path.abspath(p) for p in args.pages] or [os.path.join(ROOT, p) for p in PAGES]
    def job(path):
        rel = os.path.relpath(path, ROOT)
        section = ("<!-- tour:start", "<!-- tour:end -->") if rel == "README.md" else None
        try:
            text, kept = regenerate(path, args.credit, section)
            return rel, (text, kept), None
        except Failure as e:
            return rel, None, e

    # Pages are independent (each has its own scratch directory): two at a time.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(job, pages))
    drift = False
    for path, (rel, result, error) in zip(pages, results):
        if error is not None:
            print(f"run-docs: {error}", file=sys.stderr)
            drift = True
            continue
        new, kept = result
        for dest, data in kept:
            target = os.path.join(ROOT, dest)
            old_data = open(target, "rb").read() if os.path.exists(target) else None
            if old_data == data:
                continue
            if args.check and not args.exact and old_data is not None and same_output(
                    old_data.decode("utf-8", "replace"), data.decode("utf-8", "replace")):
                continue
            if args.check:
                drift = True
                print(f"run-docs: {dest} (kept by {rel}) differs from what the commands write now", file=sys.stderr)
            else:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target + ".tmp", "wb") as f:
                    f.write(data)
                os.replace(target + ".tmp", target)
                print(f"{dest}: regenerated", file=sys.stderr)
        old = open(path, encoding="utf-8").read()
        if new == old:
            print(f"{rel}: up to date", file=sys.stderr)
        elif args.check and not args.exact and same_output(old, new):
            print(f"{rel}: up to date (numbers within tolerance)", file=sys.stderr)
        elif args.check:
            drift = True
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                       "a/" + rel, "b/" + rel))
        else:
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                f.write(new)
            os.replace(path + ".tmp", path)
            print(f"{rel}: regenerated", file=sys.stderr)
    if drift and args.check:
        print("run-docs: the notes drifted from the code's output (or a command failed); "
              "run `make docs` and re-read the prose around the changed numbers", file=sys.stderr)
    sys.exit(1 if drift else 0)


if __name__ == "__main__":
    main()
