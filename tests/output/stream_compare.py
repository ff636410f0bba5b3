"""Comparing two results files as the streaming tests need: every dataset bit for bit (NaN
equal to NaN in the same place, as h5diff counts them) and every attribute but those that
differ between two runs of the same thing by design (`created`, the wall-clock time)."""

import h5py
import numpy as np

TIMING_ATTRIBUTES = {"created"}


def _same_value(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
        return False
    if a.dtype.kind in "fc":
        return a.tobytes() == b.tobytes()
    if a.dtype.kind == "O":
        return all(_same_value(x, y) for x, y in zip(a.ravel(), b.ravel()))
    return np.array_equal(a, b)


def _attributes(obj, skip):
    return {k: obj.attrs[k] for k in obj.attrs if k not in skip and k not in ("DIMENSION_LIST", "REFERENCE_LIST")}


def differences(path_a, path_b, skip_attributes=TIMING_ATTRIBUTES, only=None):
    """Paths of the objects (and attributes, as PATH@NAME) that differ; [] when the files
    agree. `only`: compare only objects whose path starts with it."""
    found = []
    with h5py.File(path_a, "r") as a, h5py.File(path_b, "r") as b:
        names_a, names_b = set(), set()
        a.visit(names_a.add)
        b.visit(names_b.add)
        names_a.add("")
        names_b.add("")
        if only:
            names_a = {n for n in names_a if n.startswith(only)}
            names_b = {n for n in names_b if n.startswith(only)}
        found += ["only in one file: " + n for n in sorted(names_a ^ names_b)]
        for name in sorted(names_a & names_b):
            oa, ob = (a[name] if name else a), (b[name] if name else b)
            if isinstance(oa, h5py.Dataset) != isinstance(ob, h5py.Dataset):
                found.append(name)
                continue
            if isinstance(oa, h5py.Dataset) and not _same_value(oa[()], ob[()]):
                found.append(name)
            at_a, at_b = _attributes(oa, skip_attributes), _attributes(ob, skip_attributes)
            for k in sorted(set(at_a) | set(at_b)):
                if k not in at_a or k not in at_b or not _same_value(at_a[k], at_b[k]):
                    found.append(name + "@" + k)
    return found


def root_attributes(path):
    """The root group's attributes of a results file, as a dict."""
    with h5py.File(path, "r") as f:
        return {k: f.attrs[k] for k in f.attrs}


def text_of(value):
    """An attribute's text, whether h5py gives it as bytes or str."""
    return value.decode() if isinstance(value, bytes) else str(value)
