"""Writes the golden files of the dev.autograd.data.io tests, with NumPy and the csv module.

Run from this folder:  /usr/bin/python3 make_golden.py
The tests recompute the values from the same formulas:
  floats   (i - 2.5) / 3, computed in float64, then cast to the dtype
  signed   i * 37 - 100
  unsigned i * 41 + 3
  bool     i % 3 == 0
where i is the element's row-major (C order) index.
"""
import csv
import io
import os

import numpy as np

SHAPE = (2, 3)


def values(kind, shape):
    i = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    if kind == "f":
        return (i - 2.5) / 3
    if kind == "i":
        return i * 37 - 100
    if kind == "u":
        return i * 41 + 3
    return i % 3 == 0


def save(name, array, version=None):
    with open(name, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=array.dtype == object)


# One file per dtype and byte order: read_<descr with < as le, > as be, | as na>.npy
for descr in ["<f4", "<f8", "<i8", "<i4", "<i2", "|i1", "|u1", "|b1", "<u2", "<u4", "<u8"]:
    for order in sorted({descr[0], ">" if descr[0] == "<" else "|"}):
        d = np.dtype(order + descr[1:])
        array = values(descr[1], SHAPE).astype(d)
        assert array.dtype.str == order + descr[1:], array.dtype.str
        tag = {"<": "le", ">": "be", "|": "na"}[order]
        save("read_%s_%s.npy" % (descr[1:], tag), array)

# Column-major arrays: the same values as the C-order ones, stored transposed.
save("fortran_f8.npy", np.asfortranarray(values("f", (2, 3, 4))))
save("fortran_i2.npy", np.asfortranarray(values("i", (3, 2)).astype("<i2")))
assert np.load("fortran_f8.npy").flags.f_contiguous

# Format versions 2.0 and 3.0 (3.0: a UTF-8 header, which NumPy writes only when it must).
save("version2_f4.npy", values("f", SHAPE).astype("<f4"), version=(2, 0))
save("version3_i4.npy", values("i", SHAPE).astype("<i4"), version=(3, 0))

# 0-d and empty arrays.
save("scalar_f8.npy", np.array(2.5))
save("empty_f4.npy", np.zeros((0,), "<f4"))
save("empty_i8.npy", np.zeros((2, 0, 3), "<i8"))

# Extreme values, listed by the test.
save("extremes_f8.npy", np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308]))
save("extremes_f4.npy", np.array([np.nan, np.inf, -np.inf, -0.0, 1e-45, 3.4028235e38], "<f4"))
save("extremes_i8.npy", np.array([2**53, -(2**53), 0], "<i8"))
save("extremes_u4.npy", np.array([0, 4294967295], "<u4"))
save("extremes_i2.npy", np.array([-32768, 32767], ">i2"))

# Arrays this library refuses: beyond 2^53, Python objects, an unknown dtype.
save("bad_i8_beyond_2_53.npy", np.array([1, 2**53 + 1], "<i8"))
save("bad_object.npy", np.array([1, "a", None], dtype=object))
save("bad_complex.npy", np.array([1 + 2j], "<c8"))

# What this library's writer must write byte for byte: written_<name>.npy.
np.save("written_f4.npy", np.array([[1.5, -2.0, 0.1], [3.0, 1e-8, -0.0]], "<f4"))
np.save("written_f8.npy", np.array([[1.5, -2.0, 0.1], [3.0, 1e-8, -0.0]], "<f8"))
np.save("written_i8.npy", np.array([[1, -2, 3], [2**53, -7, 0]], "<i8"))
np.save("written_b1.npy", np.array([True, False, True]))
np.save("written_scalar_f8.npy", np.array(2.5))
np.save("written_empty_f4.npy", np.zeros((0, 3), "<f4"))
np.save("written_long_b1.npy", values("b", (12345,)))
save("written_version2_f4.npy", np.array([[1.5, -2.0, 0.1], [3.0, 1e-8, -0.0]], "<f4"), (2, 0))

# Archives, stored and deflated: a (float32 2x3), b (int64 [4]), c (bool 0-d), then arr_0 (float64,
# column-major 3x2; the positional argument, which NumPy puts after the keyword ones).
arrays = dict(
    a=values("f", SHAPE).astype("<f4"), b=values("i", (4,)), c=np.array(True)
)
fortran = np.asfortranarray(values("f", (3, 2)))
np.savez("savez.npz", fortran, **arrays)
np.savez_compressed("savez_compressed.npz", fortran, **arrays)

# CSV with the csv module: a header, a quoted number, a text column with the delimiter, doubled
# quotes and a newline inside quotes (rows i = 0..4: id i, x1 the float formula, x2 1.5 * 1000^i / 10^6,
# label i % 3, note).
notes = ['plain', 'with, comma', 'say "hi"', 'two\nlines', '']
with open("table.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["id", "x1", "x2", "label", "note"])
    for i in range(5):
        w.writerow([i, repr((i - 2.5) / 3), repr(1.5 * 1000**i / 1e6), i % 3, notes[i]])
# The same table with every field quoted and ';' as the delimiter.
with open("table_quoted.csv", "w", newline="") as f:
    w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["id", "x1", "x2", "label", "note"])
    for i in range(5):
        w.writerow([i, repr((i - 2.5) / 3), repr(1.5 * 1000**i / 1e6), i % 3, notes[i]])
# numpy.savetxt: no header, 3 rows of 4 floats (the float formula), '%.18e'.
np.savetxt("savetxt.csv", values("f", (3, 4)), delimiter=",")

# What this library's CSV writer must write byte for byte: a header, a float64 column and a
# float32 column in their shortest round-trip form (Python's repr style), an int64 column.
xs = [0.1, -2.0, 1e-05, 123456789.0, 1e16, 5e-324, 2.0 / 3, float("nan"), float("inf"), -0.0]
ys = [np.float32(v) for v in [0.1, -2.0, 1e-05, 123456789.0, 1e16, 1e-45, 2.0 / 3, 3.4028235e38,
                              float("-inf"), 0.0001]]
with open("written.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["x", "y, float32", "label"])
    for k, (x, y) in enumerate(zip(xs, ys)):
        w.writerow([repr(x), repr(float(str(y))), k * 7 - 20])
