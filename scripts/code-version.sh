#!/usr/bin/env bash
# Prints the code version of the git working tree at $1 (default: this repository), which goes into every trial key:
# the commit, and for a tree with changes "-dirty-" and a hash of them (the tracked changes and the untracked files
# that git does not ignore), so that an edit gives new trial keys instead of reusing results of other code. Prints
# "unknown" outside a git checkout.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
commit=$(git rev-parse --short=12 HEAD 2>/dev/null) || { echo unknown; exit 0; }
untracked=$(git ls-files --others --exclude-standard)
if git diff --quiet HEAD && [ -z "$untracked" ]; then
  echo "$commit"
  exit 0
fi
changes=$({ git diff HEAD --binary; git ls-files --others --exclude-standard -z | xargs -0 -r sha256sum --; } \
  | sha256sum | cut -c1-12)
echo "$commit-dirty-$changes"
