#!/usr/bin/python3
"""`spsim report` on a real results file of tests/report/two_places.yaml run with --tornado
(two towns, two arms, two years: seconds), rendered in headless Chromium:

- the page is written, makes no network reference (no http:// or https://, every image a data:
  URI, no external style or script), and its verdict is exactly what `spsim summary` prints;
- in Chromium, every section is present and has text beyond its heading, and every figure
  (one per chart the file allows) has loaded as an image with a width; a screenshot is made;
- the checks fail on broken pages: a figure whose image does not decode, a figure left out, an
  emptied section, an arms table longer than the first screen, a network reference;
- on Somerset (arms differing in 161 values) every table of the arms section has at most 20 rows
  (the topics beyond are "and N more") and the appendix lists every value that differs;
- refusals are clear: a file that is not a results file (exit 1), no Python at the interpreter's
  path and a Python without h5py (exit 3, naming the Debian packages), with no page written.

Usage: test_report.py SPSIM (run from the top of the source tree).
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import checks  # noqa: E402  (the suite's tally)

SCENARIO = "tests/report/two_places.yaml"
SECTIONS = ["question", "arms", "verdict", "headlines", "charts", "assumptions", "limitations",
            "appendix"]
MAX_ARMS_ROWS = 20  # rows of any table in the arms section, header included: the first screen
FIGURES = ["waiting_list", "wait_to_first_contact", "wait_for_slot", "caseload_per_fte", "people_connected",
           "people_not_connected", "vcse_places", "cost_by_financial_year", "ce_plane",
           "acceptability", "tornado"]
MIN_SECTION_TEXT = 40  # characters beyond the heading: a sentence at least
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu"]

# Appended to a copy of the page (not to the report) so Chromium says what it rendered.
PROBE = """<script>
window.addEventListener("load", function () {
  var result = {sections: {}, figures: [], arms_rows: []};
  document.querySelectorAll("#arms table").forEach(function (t) {
    result.arms_rows.push(Array.prototype.filter.call(t.rows, function (r) {
      return r.getClientRects().length > 0;  // rendered, not folded away
    }).length);
  });
  document.querySelectorAll("section").forEach(function (s) {
    var heading = s.querySelector("h2");
    var text = s.innerText.replace(heading ? heading.innerText : "", "").trim();
    result.sections[s.id] = text.length;
  });
  document.querySelectorAll("figure").forEach(function (f) {
    var img = f.querySelector("img");
    result.figures.push({id: f.id, loaded: !!img && img.complete && img.naturalWidth > 0,
                         width: img ? img.naturalWidth : 0});
  });
  var pre = document.createElement("pre");
  pre.id = "spsim-probe";
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
});
</script>"""

def check(what, ok, detail=""):
    return checks.check(ok, what + (": " + detail if detail else ""))


def network_problems(text):
    problems = []
    if re.search(r"https?://", text, re.IGNORECASE):
        problems.append("an http(s):// reference")
    for src in re.findall(r"""\b(?:src|href)\s*=\s*["']([^"']*)""", text, re.IGNORECASE):
        if not src.startswith("data:") and not src.startswith("#"):
            problems.append(f"a reference to {src[:60]}")
    if re.search(r"<link\b|@import|url\((?!\s*['\"]?data:)", text, re.IGNORECASE):
        problems.append("an external style")
    return problems


def rendered(page, work):
    """What Chromium rendered of the page: {sections: {id: characters}, figures: [...]}."""
    probe = os.path.join(work, "probe.html")
    with open(probe, "w", encoding="utf-8") as f:
        f.write(page.replace("</body>", PROBE + "\n</body>"))
    done = subprocess.run(CHROMIUM + ["--dump-dom", "file://" + probe], capture_output=True,
                          text=True, timeout=120)
    match = re.search(r'<pre id="spsim-probe">(.*?)</pre>', done.stdout, re.S)
    return json.loads(html.unescape(match.group(1))) if match else None


def render_problems(page, work):
    result = rendered(page, work)
    if result is None:
        return ["Chromium rendered no probe result"]
    problems = [f"section {s} missing" for s in SECTIONS if s not in result["sections"]]
    problems += [f"section {s} has {n} characters" for s, n in result["sections"].items()
                 if n < MIN_SECTION_TEXT]
    ids = [f["id"] for f in result["figures"]]
    problems += [f"figure {name} missing" for name in FIGURES if f"chart-{name}" not in ids]
    problems += [f"figure {f['id']} did not load" for f in result["figures"] if not f["loaded"]]
    problems += [f"an arms table of {n} rows" for n in result["arms_rows"] if n > MAX_ARMS_ROWS]
    return problems


def check_somerset(spsim, work):
    """Somerset's arms differ in 161 values: the arms section shows them in tables of at most
    MAX_ARMS_ROWS rows ("and N more"), and the appendix lists every one of them."""
    results, page_path = os.path.join(work, "somerset.h5"), os.path.join(work, "somerset.html")
    done = subprocess.run([spsim, "run", "scenarios/somerset.yaml", "-r", "2", "-q", "-o",
                           results], capture_output=True, text=True)
    if not check("the Somerset run works", done.returncode == 0, done.stderr):
        return
    done = subprocess.run([spsim, "report", results, "-o", page_path], capture_output=True,
                          text=True)
    check("spsim report of Somerset exits 0", done.returncode == 0, done.stderr)
    with open(page_path, encoding="utf-8") as f:
        page = f.read()
    result = rendered(page, work)
    rows = result["arms_rows"] if result else []
    check(f"Somerset's arms tables have at most {MAX_ARMS_ROWS} rows each", rows and
          max(rows) <= MAX_ARMS_ROWS, str(rows))
    arms_html = re.search(r'<section id="arms">(.*?)</section>', page, re.S).group(1)
    check("the compact table says how many topics it leaves out",
          re.search(r"and \d+ more topics", arms_html) is not None)
    appendix = re.search(r'<section id="appendix">(.*?)</section>', page, re.S).group(1)
    sys.path.insert(0, "tools")
    import spsim_arms
    from spsim_layout import RunFile
    run = RunFile(results)
    wanted = [(arm, r["key"]) for arm in run.arms[:-1]
              for r in spsim_arms.differing_keys(run, arm, run.arms[-1])]
    run.close()
    listed = set(re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", appendix))
    missing = [k for k in wanted if (html.escape(k[0]), html.escape(k[1])) not in listed]
    check(f"the appendix lists all {len(wanted)} values the arms change", len(wanted) > 40 and
          not missing, str(missing[:3]))


def refused(spsim, results, page, env_python=None):
    env = dict(os.environ)
    if env_python:
        env["SPSIM_PYTHON"] = env_python
    done = subprocess.run([spsim, "report", results, "-o", page], capture_output=True,
                          text=True, env=env)
    return done.returncode, done.stderr, os.path.exists(page)


def main(spsim):
    work = tempfile.mkdtemp(prefix="spsim-report-")
    results, page_path = os.path.join(work, "run.h5"), os.path.join(work, "report.html")
    done = subprocess.run([spsim, "run", SCENARIO, "--tornado", "-q", "-o", results],
                          capture_output=True, text=True)
    if not check("the run works", done.returncode == 0, done.stderr):
        return checks.finish()

    done = subprocess.run([spsim, "report", results, "-o", page_path], capture_output=True,
                          text=True)
    check("spsim report exits 0", done.returncode == 0, done.stderr)
    check("the page is written and no temporary is left",
          sorted(os.listdir(work)) == ["report.html", "run.h5"], str(os.listdir(work)))
    with open(page_path, encoding="utf-8") as f:
        page = f.read()
    problems = network_problems(page)
    check("no network reference", not problems, "; ".join(problems))
    summary = subprocess.run([spsim, "summary", results], capture_output=True, text=True)
    shown = re.search(r'<pre class="verdict">(.*?)</pre>', page, re.S)
    check("the verdict is spsim summary's",
          shown is not None and html.unescape(shown.group(1)) == summary.stdout.rstrip())

    problems = render_problems(page, work)
    check("Chromium renders every section and figure", not problems, "; ".join(problems))
    shot = os.path.join(work, "shot.png")
    subprocess.run(CHROMIUM + [f"--screenshot={shot}", "--window-size=1200,1600",
                               "file://" + page_path], capture_output=True, timeout=120)
    with open(shot, "rb") if os.path.exists(shot) else open(os.devnull, "rb") as f:
        image = f.read()
    check("a screenshot of the first screen is made", image.startswith(b"\x89PNG") and
          len(image) > 20000, f"{len(image)} bytes")

    # A broken page must fail the same checks, each defect named: an image that does not
    # decode, a figure left out, an emptied section (one page, so one more Chromium run).
    broken = re.sub(r'(<figure id="chart-ce_plane">\s*<img [^>]*src="data:image/png;base64,)'
                    r'[^"]*', r"\1AAAA", page)
    broken = re.sub(r'<figure id="chart-tornado">.*?</figure>', "", broken, flags=re.S)
    broken = re.sub(r'(<section id="limitations">\s*<h2>[^<]*</h2>).*?(</section>)', r"\1\2",
                    broken, flags=re.S)
    # the arms' values listed one a row, as the page once did
    long_rows = "".join(f"<tr><td>key_{i}</td><td>{i}</td></tr>" for i in range(25))
    broken = re.sub(r'(<section id="arms">.*?<table>)', r"\1" + long_rows, broken, count=1,
                    flags=re.S)
    problems = render_problems(broken, work)
    check("a broken page fails, naming each defect",
          sorted(problems) == ["an arms table of 28 rows", "figure chart-ce_plane did not load",
                               "figure tornado missing", "section limitations has 0 characters"],
          "; ".join(problems))
    check("a network reference fails",
          network_problems(page.replace("</body>", '<img src="https://example.org/x.png">'
                                        "</body>")) != [])

    check_somerset(spsim, work)

    # Refusals.
    done = subprocess.run([spsim, "report", results], capture_output=True, text=True)
    check("no -o: a usage error (exit 2)", done.returncode == 2 and "-o REPORT.html" in done.stderr,
          done.stderr)
    status, err, written = refused(spsim, SCENARIO, page_path + ".2")
    check("a scenario instead of a results file: exit 1, no page", status == 1 and not written,
          f"{status} {err}")
    status, err, written = refused(spsim, results, page_path + ".3",
                                   os.path.join(work, "no-python"))
    check("no Python: exit 3 naming the packages, no page",
          status == 3 and "python3-h5py" in err and not written, f"{status} {err}")
    fake = os.path.join(work, "python-without-h5py")
    with open(fake, "w") as f:
        f.write("#!/bin/sh\nexec /usr/bin/python3 -c 'import runpy, sys; sys.modules[\"h5py\"] = '"
                "'None; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], "
                "run_name=\"__main__\")' \"$@\"\n")
    os.chmod(fake, 0o755)
    status, err, written = refused(spsim, results, page_path + ".4", fake)
    check("Python without h5py: exit 3 naming the packages, no page",
          status == 3 and "python3-h5py" in err and not written, f"{status} {err}")

    shutil.rmtree(work)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
