# shellcheck shell=bash
# Shared by scripts/bench-pipeline.sh and scripts/bench-transformer.sh; sourced after lib/env.sh. Provides:
#   diffvision_bench_images DIR N SIZE   makes DIR hold exactly N synthetic SIZE x SIZE RGB PNGs
#                                        (lib/make_bench_images.py, python3's standard library), regenerating
#                                        them when the count differs; other files in DIR are left alone

diffvision_bench_images() {
  local dir="$1" n="$2" size="$3"
  command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to generate the benchmark images" >&2; return 2; }
  if [[ "$(find "$dir" -name 'img-*.png' 2>/dev/null | wc -l)" -ne "$n" ]]; then
    echo "Generating $n PNG images of ${size}x${size} in $dir ..." >&2
    find "$dir" -name 'img-*.png' -delete 2>/dev/null || true
    python3 "$DIFFVISION_HOME/scripts/lib/make_bench_images.py" "$dir" "$n" "$size"
  fi
}
