"""Reading an spsim results file by its documented layout (docs/output.md), shared by the
analysts' companions: tools/validation.py, tools/spsim-plot and the report (tools/spsim_report.py).

The file is netCDF-4/CF: every group holds its own copy of each dimension scale, so a dataset's
axes are named by the last path part of the scales attached to it; weeks are stored as CF
"days since START_DATE"; financial years are labels such as "2025/26". Only NumPy and h5py
(Debian's python3-h5py) are used.
"""

import datetime
import re
import warnings

import h5py
import numpy as np

FINANCIAL_YEAR = re.compile(r"^(\d{4})/\d{2}$")
STATISTICS = ("mean", "sd", "p5", "p25", "p50", "p75", "p95")


def decode(value):
    return value.decode() if isinstance(value, bytes) else value


def scale_names(ds):
    """The names of a dataset's axes: each attached scale's last path part ('' if none)."""
    return [d[0].name.rsplit("/", 1)[-1] if len(d) else "" for d in ds.dims]


def axis_values(scale):
    """A dimension scale's values as people name them: weeks stored as CF days since the
    start are week numbers, financial years labelled 2025/26 are their first calendar year."""
    values = scale[:]
    units = decode(scale.attrs.get("units", ""))
    if isinstance(units, str) and units.startswith("days since"):
        return [int(v) // 7 for v in values]
    labels = [decode(v) for v in values]
    if labels and all(isinstance(v, str) and FINANCIAL_YEAR.match(v) for v in labels):
        return [int(FINANCIAL_YEAR.match(v).group(1)) for v in labels]
    return labels


def strings(ds):
    """A string dataset (a name scale, a parameters column) as a list of str."""
    return [decode(v) for v in ds[...].tolist()] if ds.shape else [decode(ds[()])]


class RunFile:
    """An open results file of `spsim run`, with the facts the charts and the report need."""

    def __init__(self, path):
        self.path = path
        self.file = h5py.File(path, "r")
        if "spsim_version" not in self.file.attrs:
            self.file.close()
            raise OSError(f"{path} is not an spsim results file (no spsim_version attribute)")
        attrs = self.file.attrs
        self.scenario = decode(attrs["scenario_name"])
        self.replications = int(attrs["replications"])
        self.arms = [a for a in decode(attrs["arms"]).split(",") if a]
        self.localities = strings(self.file["locality"])
        self.start_date = datetime.date.fromisoformat(decode(attrs["start_date"]))
        self.financial_years = strings(self.file["financial_year"])

    def close(self):
        self.file.close()

    def attr(self, name, default=None):
        return decode(self.file.attrs.get(name, default))

    def week_dates(self):
        """Each simulated week's first day, as dates (the week scale is CF days since start)."""
        days = self.file["week"][...]
        return [self.start_date + datetime.timedelta(days=int(d)) for d in days]

    def arm(self, name):
        return self.file[f"arms/{name}"]

    def attr_of(self, arm, name):
        return decode(self.arm(arm).attrs.get(name, ""))

    def comparison(self, first, second):
        key = f"comparisons/{first}_minus_{second}"
        return self.file[key] if key in self.file else None

    def has(self, path):
        return path in self.file

    def statistic(self, ds, name):
        """The slice of a summary dataset (statistic first) for one statistic."""
        names = strings(ds.dims[0][0])
        return ds[names.index(name), ...]

    def parameters(self, arm):
        """The arm's resolved scenario keys as a list of dicts key, value, unit, source."""
        table = self.arm(arm)["parameters"]
        columns = {c: strings(table[c]) for c in ("key", "value", "unit", "source")}
        return [dict(zip(columns, row)) for row in zip(*columns.values())]


def percentile_bands(values, axis=0):
    """Median and the 50 % and 90 % bands across `axis` (replications), NaN left out, with the
    quantiles as the file's summaries take them (linear between order statistics)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a week NaN in every replication stays NaN
        q = np.nanpercentile(values, [5, 25, 50, 75, 95], axis=axis)
    return dict(zip(("p5", "p25", "p50", "p75", "p95"), q))
