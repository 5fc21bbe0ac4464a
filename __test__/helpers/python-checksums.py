"""Independent checksums for hashmill's tests: for each file named on the command line,
one JSON line with its CRC-32 (zlib, awscrt), CRC-32C (google-crc32c, awscrt) and
CRC-64/NVME (awscrt) as lowercase big-endian hex."""
import json
import sys
import zlib

import google_crc32c
from awscrt import checksums


def hex_of(value, width):
    return format(value, "0%dx" % (2 * width))


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        data = f.read()
    print(json.dumps({
        "crc32": {"zlib": hex_of(zlib.crc32(data), 4), "awscrt": hex_of(checksums.crc32(data), 4)},
        "crc32c": {"google-crc32c": hex_of(google_crc32c.value(data), 4),
                   "awscrt": hex_of(checksums.crc32c(data), 4)},
        "crc64nvme": {"awscrt": hex_of(checksums.crc64nvme(data), 8)},
    }))
