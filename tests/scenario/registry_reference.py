"""The registry as `spsim reference --markdown` prints it, for the documentation and scenario checks."""
import re
import subprocess


def split_row(line):
    """Cells of a Markdown table row; a backslash-escaped bar stays in its cell."""
    cells = re.split(r"(?<!\\)\|", line.strip())
    return [c.strip() for c in cells[1:-1]]


def default_cells(spsim):
    """key -> its Default cell as printed: `VALUE` in backticks, 'required', or a note."""
    reference = subprocess.run([spsim, "reference", "--markdown"], check=True, capture_output=True,
                               text=True).stdout
    cells = {}
    for line in reference.splitlines():
        if line.startswith("| `"):
            row = split_row(line)
            cells[re.match(r"`([^`]+)`", row[0]).group(1)] = row[4]
    return cells


def is_value(cell):
    return cell.startswith("`") and cell.endswith("`")
