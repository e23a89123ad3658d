#!/usr/bin/env bash
# What to check before stopping: the README's two commands, as written, in order, in one fresh
# clone of the committed HEAD (the main job on the bundled sample, then every test).
# Usage: tools/check_fresh_clone.sh [DIR]   (default: a new temporary directory)
set -euo pipefail
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
dir=${1:-$(mktemp -d)/gongwen}
git clone -q "$repo" "$dir"
cd "$dir"
# The two fenced bash commands of the README, in order: the main job, then the tests.
mapfile -t commands < <(awk '/^```bash$/{f=1; next} /^```$/{if (f) exit_count++; f=0} f && exit_count < 2' README.md | grep -v '^#' | grep .)
[ "${#commands[@]}" -ge 2 ] || { echo "README: expected two commands, found ${#commands[@]}" >&2; exit 1; }
# One shell, as a newcomer would type them: the venv the first command activates stays active.
printf '== %s\n' "${commands[0]}" "${commands[1]}"
bash -euo pipefail -c "${commands[0]}
${commands[1]}"
echo "fresh clone $dir: both README commands passed"
