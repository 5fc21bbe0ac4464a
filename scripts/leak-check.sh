#!/usr/bin/env bash
# Leak check of the native addon (issue #6; run by hand, not in npm test): runs a hashing
# loop through every native entry point (hashSync/Into, hash, NativeHasher incl. copy,
# hashFile/hashFileSync/hashFiles, walk, manifest) under valgrind --leak-check=full and
# prints the "definitely lost" records whose stacks go through hashmill's addon.
#
# Suppression approach: Node itself leaves known "lost" blocks at exit (V8 isolates,
# OpenSSL, libuv, ICU). Instead of a suppressions file that goes stale with every Node
# release, every definitely-lost record is kept in the log and only those with a frame in
# hashmill.*.node (or hashmill_core / napi symbols) are attributed to hashmill; the rest are
# counted as Node's noise. Exit status 1 if hashmill has any definitely lost bytes.
#
#   bash scripts/leak-check.sh [iterations]   (default 2000; takes a few minutes under valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-2000}"
log="$(mktemp -t hashmill-valgrind.XXXXXX.log)"
work="$(mktemp -d -t hashmill-leak.XXXXXX)"
trap 'rm -rf "$work"' EXIT
head -c 3000000 /dev/urandom > "$work/a.bin"
printf 'small' > "$work/b.txt"

HASHMILL_BACKEND=native HASHMILL_THREADS=2 valgrind --leak-check=full --show-leak-kinds=definite \
  --errors-for-leak-kinds=definite --num-callers=40 --log-file="$log" \
  node -e "
    const api = require('./index.js')
    const dir = process.argv[1], n = Number(process.argv[2])
    const big = Buffer.alloc(300000, 7)
    ;(async () => {
      for (let i = 0; i < n; i++) {
        const input = i % 2 ? big.subarray(i % 100) : 'text ' + i
        api.hashSync(input, ['blake3', 'sha256', 'xxh3', 'crc32c'][i & 3])
        api.hashSync(input, { outputLength: 100 + (i & 7), key: Buffer.alloc(32, i), encoding: 'buffer' })
        await api.hash(big, i & 1 ? 'sha1' : { algorithm: 'xxh64', seed: BigInt(i) })
        const h = api.createHasher('blake3').update(input)
        h.copy().update('x').digest(); h.digest()
        if (i % 10 === 0) {
          await api.hashFile(dir + '/a.bin', { algorithm: 'blake3', mmap: i % 20 === 0 })
          api.hashFileSync(dir + '/b.txt', 'md5')
          await api.hashFiles([dir + '/a.bin', dir + '/missing'])
          await api.hashDirectory(dir, 'sha256')
          const c = new AbortController(); const p = api.hash(Buffer.alloc(64 << 20), { signal: c.signal }); c.abort(); await p.catch(() => {})
        }
      }
      console.log('iterations', n)
    })()" "$work" "$iterations"

total="$(grep -E 'definitely lost:' "$log" | tail -1 || true)"
echo "valgrind log: $log"
echo "all of the process: ${total#*== }"
# A loss record is the block from '... are definitely lost in loss record' to the next blank
# line. Records made while the addon registers (napi_register_module_v1: napi-rs keeps one
# reference per exported class for the life of the process) happen once, whatever the
# iteration count: they are listed, not counted as leaks.
records() {
  awk -v want="$1" '/definitely lost in loss record/ { rec = $0; keep = 1; next }
    keep && /^==[0-9]+== $/ { if (rec ~ /hashmill|napi_/ && (rec ~ /napi_register_module_v1/) == (want == "once")) print rec; keep = 0; next }
    keep { rec = rec "\n" $0 }' "$log"
}
echo "once per process (module registration): $(records once | grep -E 'definitely lost in loss record' | sed -E 's/^==[0-9]+== //; s/ are definitely.*//' | paste -sd, - || true)"
attributed="$(records leak)"
if [ -z "$attributed" ]; then
  echo "definitely lost attributable to hashmill: 0 bytes in 0 blocks"
  exit 0
fi
echo "definitely lost attributable to hashmill:"
echo "$attributed"
exit 1
