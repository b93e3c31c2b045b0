#!/usr/bin/env bash
# Registration benchmark: DiffVision's RegistrationJob beside OpenCV's findTransformECC on the same seeded pairs.
#   scripts/bench-registration.sh [PAIRS (default 64)] [SEED (default 7)] [WORK_DIR (default /tmp/diffvision-regbench)]
# tools/bench_registration.py (Debian's /usr/bin/python3 with python3-opencv) warps real photographs at 256x256 by
# random homographies (corners moved up to +-12% of the side) and runs findTransformECC (MOTION_HOMOGRAPHY) in 2
# processes; then `diffvision register` (Levenberg-Marquardt, 4 levels, local[2], batches of 16) registers the same
# pairs, timed end to end (JVM, Spark and engine start-up included). Prints one table: success rate (mean corner
# error < 0.5 px), median corner error and pairs/s for each, and writes WORK_DIR/figure.png (source | target |
# warped | 4x |error|).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pairs="${1:-64}"
seed="${2:-7}"
work="${3:-/tmp/diffvision-regbench}"
py=/usr/bin/python3
rm -rf "$work"
mkdir -p "$work"
"$py" "$here/../tools/bench_registration.py" generate --out "$work" --pairs "$pairs" --seed "$seed" --workers 2
"$here/diffvision" --version > /dev/null   # builds first if sources changed, so the build is not timed
start=$(date +%s.%N)
"$here/diffvision" register --pairs "$work/pairs.csv" --out "$work/dv" --master 'local[2]' --batch-size 16 \
  > "$work/dv.log" 2>&1 || { tail -30 "$work/dv.log" >&2; exit 1; }
end=$(date +%s.%N)
seconds=$(echo "$end - $start" | bc -l)
grep -A3 "RegistrationJob report" "$work/dv.log" || true
echo "DiffVision: $pairs pairs in $seconds s end to end (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
"$py" "$here/../tools/bench_registration.py" report --dir "$work" --dv-csv "$work/dv/results.csv" --dv-seconds "$seconds"
"$py" "$here/../tools/bench_registration.py" figure --dir "$work" --dv-csv "$work/dv/results.csv" --out "$work/figure.png"
echo "figure: $work/figure.png"
