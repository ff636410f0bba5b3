#!/usr/bin/python3
"""spsim export FILE.h5 --xlsx FILE.xlsx against the CSV export and the HDF5 file it read.

The workbook is read as what it is, a zip of XML (no spreadsheet library): its sheets are the
CSV tables in order (headlines, totals, locality_totals, weekly, dictionary); every sheet's header row is bold
and frozen and names units; numeric columns are numbers, weeks are dates; the totals sheet's
values are the CSV totals and the HDF5 totals to 16 significant digits (libxlsxwriter writes a
number with 16, as Excel keeps at most about 15-17; the CSV has 17), the weekly sheet has as many rows as weekly.csv with the same sum; and a failed export
leaves no workbook, no temporary file and an existing workbook untouched. Fixed seed: nothing
here can be flaky.

usage: test_export_xlsx.py SPSIM SCENARIO WORKDIR"""

import csv
import datetime
import math
import os
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

import h5py

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def column_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class Workbook:
    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        book = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        self.sheets = [(s.get("name"), "xl/" + target[s.get(REL)].lstrip("/").removeprefix("xl/"))
                       for s in book.find("m:sheets", NS)]
        shared = "xl/sharedStrings.xml"
        self.strings = []
        if shared in self.zip.namelist():
            for si in ET.fromstring(self.zip.read(shared)).findall("m:si", NS):
                self.strings.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
        styles = ET.fromstring(self.zip.read("xl/styles.xml"))
        fonts = styles.find("m:fonts", NS).findall("m:font", NS)
        self.bold_font = [f.find("m:b", NS) is not None for f in fonts]
        self.xfs = styles.find("m:cellXfs", NS).findall("m:xf", NS)
        formats = styles.find("m:numFmts", NS)
        self.num_formats = {int(f.get("numFmtId")): f.get("formatCode")
                            for f in (formats if formats is not None else [])}

    def is_bold(self, style):
        return self.bold_font[int(self.xfs[style].get("fontId", 0))]

    def is_date(self, style):
        return "yyyy" in self.num_formats.get(int(self.xfs[style].get("numFmtId", 0)), "")

    def rows(self, name):
        """(cells, sheet XML root): cells as rows of (value, kind, style); kind n or s."""
        path = dict(self.sheets)[name]
        root = ET.fromstring(self.zip.read(path))
        rows = []
        for row in root.find("m:sheetData", NS):
            cells = {}
            for c in row:
                kind = c.get("t", "n")
                style = int(c.get("s", 0))
                if kind == "inlineStr":
                    value, kind = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t")), "s"
                elif kind == "s":
                    value = self.strings[int(c.find("m:v", NS).text)]
                else:
                    v = c.find("m:v", NS)
                    value = float(v.text) if v is not None else None
                cells[column_index(c.get("r"))] = (value, kind, style)
            rows.append(cells)
        width = max(max(cells) + 1 for cells in rows)
        return [[cells.get(i, ("", "blank", 0)) for i in range(width)] for cells in rows], root


def same(a, b):
    """Equal to the 16 significant digits a workbook number keeps."""
    return abs(a - b) <= 1e-15 * abs(b)


def csv_rows(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def check_sheet_shape(book, name, table):
    rows, root = book.rows(name)
    header = rows[0]
    check(all(book.is_bold(style) for _, _, style in header), f"{name}: the header row is bold")
    pane = root.find(".//m:pane", NS)
    check(pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "1",
          f"{name}: the header row is frozen")
    check([v.split(" (")[0] for v, _, _ in header] == table[0],
          f"{name}: the columns are the CSV's ({[v for v, _, _ in header]})")
    check(len(rows) == len(table), f"{name}: {len(rows)} rows, the CSV has {len(table)}")
    return rows


def main():
    spsim, scenario, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    h5 = os.path.join(work, "run.h5")
    csv_dir = os.path.join(work, "csv")
    xlsx = os.path.join(work, "run.xlsx")
    os.makedirs(csv_dir, exist_ok=True)
    subprocess.run([spsim, "run", scenario, "-o", h5, "-q", "-j", "2"], check=True)
    subprocess.run([spsim, "export", h5, "--csv", csv_dir, "--xlsx", xlsx], check=True)
    book = Workbook(xlsx)
    names = [n for n, _ in book.sheets]
    check(names == ["headlines", "totals", "locality_totals", "weekly", "dictionary"],
          f"sheet names {names}")
    table = {n: csv_rows(os.path.join(csv_dir, n + ".csv")) for n in names}
    sheet = {n: check_sheet_shape(book, n, table[n]) for n in names}

    # units in the headers
    totals_header = [v for v, _, _ in sheet["totals"][0]]
    weekly_header = [v for v, _, _ in sheet["weekly"][0]]
    check("value (in the row's unit)" in totals_header, f"the value column says its unit {totals_header}")
    check("period (date interval)" in totals_header and "period (date)" in weekly_header,
          "the period columns name their units")
    check(any(v.startswith("mean (") for v, _, _ in sheet["headlines"][0]), "headline statistics name their unit")

    # totals: numbers as numbers, equal to the CSV and the HDF5 file
    value = table["totals"][0].index("value")
    with h5py.File(h5, "r") as f:
        bad = 0
        for row, csv_row in zip(sheet["totals"][1:], table["totals"][1:]):
            arm, rep, metric = csv_row[0], int(csv_row[1]), csv_row[4]
            want = float(f[f"arms/{arm}/totals/{metric}"][rep])
            got, kind, _ = row[value]
            if math.isnan(want):
                wrong = kind != "blank"
            else:
                wrong = kind != "n" or not same(got, want) or float(csv_row[value]) != want
            if wrong and bad < 3:
                print(f"  {arm}/{metric}[{rep}]: workbook {got} ({kind}), file {want}, CSV {csv_row[value]}")
            bad += wrong
            bad += row[1][1] != "n" or row[1][0] != rep
        check(bad == 0, f"every total in the workbook is a number equal to the CSV's and the file's ({bad} differ)")
        arms = f.attrs["arms"].split(",")
        sums_h5 = sum(float(x) for a in arms for m in f[f"arms/{a}/totals"]
                      if m != "replication" and not f[f"arms/{a}/totals/{m}"].attrs.get("CLASS")
                      for x in f[f"arms/{a}/totals/{m}"][...] if not math.isnan(x))
    sums_xlsx = sum(r[value][0] for r in sheet["totals"][1:] if r[value][1] == "n")
    check(abs(sums_xlsx - sums_h5) <= 1e-9 * max(1.0, abs(sums_h5)),
          f"the sum of the totals sheet {sums_xlsx} is the file's {sums_h5}")

    # per-locality totals: numbers equal to the CSV and the HDF5 file
    value = table["locality_totals"][0].index("value")
    with h5py.File(h5, "r") as f:
        localities = list(f["locality"].asstr()[:])
        bad = 0
        for row, csv_row in zip(sheet["locality_totals"][1:], table["locality_totals"][1:]):
            arm, rep, place, metric = csv_row[0], int(csv_row[1]), csv_row[3], csv_row[4]
            want = float(f[f"arms/{arm}/locality_totals/{metric}"][rep, localities.index(place)])
            got, kind, _ = row[value]
            if math.isnan(want):
                bad += kind != "blank"
            else:
                bad += kind != "n" or not same(got, want) or float(csv_row[value]) != want
    check(bad == 0 and len(sheet["locality_totals"]) > 1,
          f"every per-locality total in the workbook is the CSV's and the file's ({bad} differ)")

    # weekly: same sum as the CSV, weeks as dates
    value = table["weekly"][0].index("value")
    period = table["weekly"][0].index("period")
    sum_csv = sum(float(r[value]) for r in table["weekly"][1:] if r[value] != "")
    sum_xlsx = sum(r[value][0] for r in sheet["weekly"][1:] if r[value][1] == "n")
    check(abs(sum_xlsx - sum_csv) <= 1e-9 * max(1.0, abs(sum_csv)),
          f"the weekly sheet's sum {sum_xlsx} is the CSV's {sum_csv}")
    first = sheet["weekly"][1][period]
    day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(first[0] or 0))
    check(first[1] == "n" and book.is_date(first[2]) and day.isoformat() == table["weekly"][1][period],
          f"a week is an Excel date ({first}, {day} against {table['weekly'][1][period]})")

    # headlines: the means are the CSV's
    mean = table["headlines"][0].index("mean")
    bad = sum(1 for r, c in zip(sheet["headlines"][1:], table["headlines"][1:])
              if (c[mean] == "" and r[mean][1] != "blank") or (c[mean] != "" and not same(r[mean][0], float(c[mean]))))
    check(bad == 0, f"the headline means are the CSV's ({bad} differ)")

    # nothing half-written
    def export(*args):
        return subprocess.run([spsim, "export", *args], capture_output=True, text=True)
    with open(xlsx, "rb") as fh:
        before = fh.read()
    broken = os.path.join(work, "broken.h5")
    with open(broken, "wb") as fh:
        fh.write(b"not an HDF5 file")
    r = export(broken, "--xlsx", xlsx)
    with open(xlsx, "rb") as fh:
        check(r.returncode == 1 and fh.read() == before,
              f"a failed export keeps the existing workbook ({r.returncode}, {r.stderr.strip()})")
    leftovers = [n for n in os.listdir(work) if "spsim-xlsx" in n]
    check(not leftovers, f"no temporary files are left behind ({leftovers})")
    r = export(h5, "--xlsx", os.path.join(work, "no_such_dir", "x.xlsx"))
    check(r.returncode == 1 and "cannot write" in r.stderr and "no_such_dir" in r.stderr,
          f"an unwritable path is named ({r.stderr.strip()})")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
