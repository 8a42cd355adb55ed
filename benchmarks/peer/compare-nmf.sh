#!/usr/bin/env bash
# Side-by-side comparison of our `nmf` with scikit-learn NMF on one 80/20 random split (see README.md here).
#
# Usage: benchmarks/peer/compare-nmf.sh [options] [RATINGS.csv]
#   RATINGS.csv     default: $RECOMMENDER_MOVIELENS/ratings.csv, else the first
#                   shared/datasets/ml-latest-small/ratings.csv in a folder above the repository
#   --runs N        run the peer and ours N times each, back to back (default 3); times are medians
#   --factors K     latent factors of both (default 50)
#   --seed S        seed of the split (default 1)
#   --solvers LIST  scikit-learn solvers (default cd)
#   --keep DIR      keep the split and every JSON in DIR (default: a temporary folder, removed)
# The peer script: $RECOMMENDER_PEERS (its folder, or the file), else the first shared/peers/sklearn_nmf_eval.py
# above the repository. It needs Debian's python3-sklearn and python3-pandas, run with /usr/bin/python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
python=/usr/bin/python3

runs=3
factors=50
seed=1
solvers=cd
keep=""
ratings=""

die() { echo "compare-nmf: $*" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --factors) factors="${2:?--factors needs a number}"; shift 2 ;;
    --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
    --solvers) solvers="${2:?--solvers needs a list}"; shift 2 ;;
    --keep) keep="${2:?--keep needs a folder}"; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [[ -z "$ratings" ]] || die "one ratings file only"; ratings="$1"; shift ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, was '$runs'"
[[ "$factors" =~ ^[1-9][0-9]*$ ]] || die "--factors must be a positive integer, was '$factors'"

# The first PATH (a file or folder) found in the repository's folder or one above it.
find_above() {
  local dir="$repo"
  while :; do
    if [[ -e "$dir/$1" ]]; then echo "$dir/$1"; return 0; fi
    [[ "$dir" == "/" ]] && return 1
    dir="$(dirname "$dir")"
  done
}

if [[ -z "$ratings" ]]; then
  if [[ -n "${RECOMMENDER_MOVIELENS:-}" ]]; then
    ratings="$RECOMMENDER_MOVIELENS/ratings.csv"
  else
    ratings="$(find_above shared/datasets/ml-latest-small/ratings.csv)" \
      || die "no ratings file given, RECOMMENDER_MOVIELENS unset, and no shared/datasets/ml-latest-small/ratings.csv above $repo"
  fi
fi
[[ -f "$ratings" ]] || die "ratings file not found: $ratings"

if [[ -n "${RECOMMENDER_PEERS:-}" ]]; then
  peer="$RECOMMENDER_PEERS"
  [[ -d "$peer" ]] && peer="$peer/sklearn_nmf_eval.py"
else
  peer="$(find_above shared/peers/sklearn_nmf_eval.py)" \
    || die "peer script not found: set RECOMMENDER_PEERS to the folder holding sklearn_nmf_eval.py"
fi
[[ -f "$peer" ]] || die "peer script not found: $peer"

[[ -x "$python" ]] || die "$python not found (the peer runs on Debian's Python)"
"$python" -c 'import sklearn, pandas, scipy, numpy' 2>/dev/null \
  || die "scikit-learn or pandas missing for $python: apt-get install -y python3-sklearn python3-pandas"
command -v dotnet >/dev/null || die "dotnet not found"

if [[ -n "$keep" ]]; then
  work="$keep"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi

echo "ratings  $ratings"
echo "peer     $peer (scikit-learn $("$python" -c 'import sklearn; print(sklearn.__version__)'))"
echo "machine  $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

echo "building samples/Recommender.Console (Release)..."
dotnet build -c Release "$repo/samples/Recommender.Console" -nologo -v q >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; die "build failed"; }
console="$repo/samples/Recommender.Console/bin/Release/net10.0/recommender.dll"
[[ -f "$console" ]] || die "built console not found at $console"

dotnet "$console" split --input "$ratings" --out "$work" --method random --test-fraction 0.2 --seed "$seed"

# Back to back in every round, the peer first, so both see the same machine load.
for ((i = 1; i <= runs; i++)); do
  echo "round $i of $runs: peer (scikit-learn $solvers), then ours (popularity, nmf)"
  "$python" "$peer" --train "$work/train.csv" --test "$work/test.csv" --factors "$factors" --iters 200 \
    --solvers "$solvers" >"$work/peer-$i.json" 2>"$work/peer-$i.log" \
    || { cat "$work/peer-$i.log" >&2; die "the peer failed"; }
  dotnet "$console" evaluate --train "$work/train.csv" --test "$work/test.csv" --models popularity,nmf \
    --factors "$factors" --json "$work/ours-$i.json" >"$work/ours-$i.log" 2>&1 \
    || { cat "$work/ours-$i.log" >&2; die "evaluate failed"; }
done
echo "machine  load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
echo

"$python" - "$work" "$runs" <<'PY'
import json, statistics, sys

work, runs = sys.argv[1], int(sys.argv[2])
peer = [json.load(open(f"{work}/peer-{i}.json")) for i in range(1, runs + 1)]
ours = [json.load(open(f"{work}/ours-{i}.json")) for i in range(1, runs + 1)]
rows = {}  # label -> list of per-run metric dicts
for label, source in [("popularity (peer)", (peer, "popularity")), ("popularity (ours)", (ours, "popularity"))]:
    rows[label] = [r["models"][source[1]] for r in source[0]]
for name in peer[0]["models"]:
    if name.startswith("sklearn-nmf-"):
        rows[name] = [r["models"][name] for r in peer]
rows["nmf (ours)"] = [r["models"]["nmf"] for r in ours]

print(f"dataset  {ours[0]['dataset']}  (peer: {peer[0]['dataset']})")
print()
print(f"{'model':<20} {'ndcg@10':>8} {'prec@10':>8} {'train s (median)':>17}  train s per run")
print(f"{'-' * 20} {'-' * 8} {'-' * 8} {'-' * 17}  {'-' * 15}")
for label, results in rows.items():
    first = results[0]
    times = [r["train_seconds"] for r in results]
    note = ""
    quality = lambda r: {m: v for m, v in r.items() if m not in ("train_seconds",)}
    if any(quality(r) != quality(first) for r in results):
        note = "  (metrics differ between runs!)"
    print(f"{label:<20} {first['ndcg@10']:>8.4f} {first['precision@10']:>8.4f} {statistics.median(times):>17.3f}  "
          + " ".join(f"{t:.3f}" for t in times) + note)

print()
ours_t = [r["train_seconds"] for r in rows["nmf (ours)"]]
ours_ndcg = rows["nmf (ours)"][0]["ndcg@10"]
for name in [n for n in rows if n.startswith("sklearn-nmf-")]:
    peer_t = [r["train_seconds"] for r in rows[name]]
    pairs = [p / o for p, o in zip(peer_t, ours_t)]
    print(f"{name} time / our nmf time: {statistics.median(peer_t) / statistics.median(ours_t):.1f}x (medians); "
          f"per round " + " ".join(f"{x:.1f}x" for x in pairs))
    print(f"our nmf ndcg@10 - {name} ndcg@10: {ours_ndcg - rows[name][0]['ndcg@10']:+.4f}")
print(f"our popularity ndcg@10 - the peer's: {rows['popularity (ours)'][0]['ndcg@10'] - rows['popularity (peer)'][0]['ndcg@10']:+.4f}")
PY
