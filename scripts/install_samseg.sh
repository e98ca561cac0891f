#!/usr/bin/env bash
# Make SAMSEG's own Python environment, where `sclerodx segment` and `sclerodx mri --flair/--t1` look for it.
# SAMSEG 0.4a0 pins numpy<2 and its lesion model needs TensorFlow, so it cannot share sclerodx's environment
# (see src/sclerodx/mri/samseg.py). Everything comes from PyPI; nothing is downloaded at run time.
# Usage: scripts/install_samseg.sh [DIR]   (default: ${XDG_DATA_HOME:-~/.local/share}/sclerodx/samseg)
set -euo pipefail
target="${1:-${XDG_DATA_HOME:-$HOME/.local/share}/sclerodx/samseg}"
python3 -m venv "$target"
"$target/bin/python" -m pip install -q --upgrade pip
"$target/bin/python" -m pip install -q "samseg==0.4a0" "tensorflow-cpu>=2.16" "numpy>=1.26,<2"
"$target/bin/run_samseg" --help >/dev/null
echo "SAMSEG installed: $target/bin/run_samseg"
if [ -n "${1:-}" ]; then echo "point sclerodx at it: export SCLERODX_SAMSEG=$target/bin/run_samseg"; fi
