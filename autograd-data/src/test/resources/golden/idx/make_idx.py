"""Small IDX files written by Python's struct and gzip, for IdxTest.

Each file holds values given by a formula that IdxTest repeats, so the test checks the values read
and that Idx.write gives the same bytes. Run from this folder with Debian's python3:
/usr/bin/python3 make_idx.py
"""
import gzip
import struct

TYPES = {"u8": (0x08, "B"), "i8": (0x09, "b"), "i16": (0x0B, "h"), "i32": (0x0C, "i"),
         "f32": (0x0D, "f"), "f64": (0x0E, "d")}


def idx_bytes(kind, shape, values):
    code, fmt = TYPES[kind]
    header = struct.pack(">BBBB", 0, 0, code, len(shape)) + struct.pack(">%dI" % len(shape), *shape)
    return header + struct.pack(">%d%s" % (len(values), fmt), *values)


def write(name, kind, shape, values):
    data = idx_bytes(kind, shape, values)
    if name.endswith(".gz"):
        # mtime 0: the same bytes on every run
        with open(name, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
            f.write(data)
    else:
        with open(name, "wb") as f:
            f.write(data)


# 3 images of 4 x 5 pixels: pixel (n, r, c) = (n * 97 + r * 31 + c * 7) % 256
images = [(n * 97 + r * 31 + c * 7) % 256 for n in range(3) for r in range(4) for c in range(5)]
write("images-u8", "u8", [3, 4, 5], images)
write("images-u8.gz", "u8", [3, 4, 5], images)
# 10 labels: i * 3 % 10
write("labels-u8", "u8", [10], [i * 3 % 10 for i in range(10)])
# signed bytes and shorts around zero, int32 at the ends of the range
write("values-i8", "i8", [6], [-128, -1, 0, 1, 2, 127])
write("values-i16", "i16", [2, 3], [-32768, -300, 0, 1, 300, 32767])
write("values-i32", "i32", [2, 2], [-2147483648, -1, 65536, 2147483647])
# floats: (i - 5) / 4 and 1e-3 * i
write("values-f32", "f32", [2, 5], [(i - 5) / 4 for i in range(10)])
write("values-f64.gz", "f64", [4], [1e-3 * i for i in range(4)])
