#!/usr/bin/env bash
# Regenerates the generated sections of docs/MODEL.md from the code: the parameter table
# (`bonesim parameters integrated`) and the fit rows at the table values (`bonesim calibrate`,
# small cohorts), and the input table of docs/INPUTS.md (`bonesim inputs`). Run from the
# repository root after `make build`.
set -euo pipefail
BONESIM=${BONESIM:-.build-release/release/bonesim}
python3 - "$BONESIM" <<'PY'
import re, subprocess, sys
bonesim = sys.argv[1]
doc = open("docs/MODEL.md").read()
def block(name, text):
    global doc
    pattern = re.compile(r"(<!-- BEGIN %s -->\n).*?(<!-- END %s -->)" % (re.escape(name), re.escape(name)), re.S)
    doc = pattern.sub(lambda m: m.group(1) + text + m.group(2), doc)
params = subprocess.run([bonesim, "parameters", "integrated"], check=True, capture_output=True, text=True).stdout
block("PARAMETERS integrated", params)
calib = subprocess.run([bonesim, "calibrate", "--patients", "200", "--threads", "2"], check=True, capture_output=True, text=True).stdout
block("CALIBRATION", "Fit rows at the table values (`bonesim calibrate --patients 200`):\n\n```\n" + calib + "```\n")
open("docs/MODEL.md", "w").write(doc)
doc = open("docs/INPUTS.md").read()
block("INPUTS", subprocess.run([bonesim, "inputs"], check=True, capture_output=True, text=True).stdout)
open("docs/INPUTS.md", "w").write(doc)
PY
echo "docs/MODEL.md and docs/INPUTS.md updated"
