#!/usr/bin/env bash
# End-to-end test of `bonesim slurm` on a real Slurm: a single-node cluster on 127.0.0.1 (as
# root; slurm-wlm and munge from Debian, installed if missing), a 12-point sweep submitted as
# 10 shards in job arrays capped at 4 tasks (3 arrays) plus the dependent merge job; the
# merged CSVs must equal a one-process sweep byte for byte. Bounded waits; the daemons this
# script started are stopped on exit. Usage: tools/ci/slurm_e2e.sh [timeout seconds, default 600]
set -euo pipefail
cd "$(dirname "$0")/../.."
TIMEOUT=${1:-600}
SWEEP=Tests/Fixtures/scenarios/sweeps/cluster_grid.yaml
SHARDS=10
MAX_ARRAY=4
say() { echo "slurm_e2e: $*"; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm munge"
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
[ -x .build-release/release/bonesim ] || make -s build >/dev/null
BONESIM=$PWD/.build-release/release/bonesim

WORK=$(mktemp -d /tmp/bonesim-slurm.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  status=$?
  if [ -f "$WORK/slurmd.pid" ]; then PIDS+=("$(cat "$WORK/slurmd.pid")"); fi
  if [ -f "$WORK/slurmctld.pid" ]; then PIDS+=("$(cat "$WORK/slurmctld.pid")"); fi
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    say "FAILED; logs:"
    tail -n 20 "$WORK"/*.log "$WORK"/run/logs/* 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

# munge: a key and a daemon (reuse a running one).
if ! munge -n >/dev/null 2>&1; then
  [ -f /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
  chown munge:munge /etc/munge/munge.key 2>/dev/null || true
  chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null || true
  rm -f /run/munge/bonesim-ci.pid
  runuser -u munge -- munged --pid-file=/run/munge/bonesim-ci.pid 2>/dev/null || munged --force --pid-file=/run/munge/bonesim-ci.pid
  for _ in $(seq 50); do [ -s /run/munge/bonesim-ci.pid ] && break; sleep 0.1; done
  PIDS+=("$(cat /run/munge/bonesim-ci.pid)")
fi
munge -n | unmunge >/dev/null

# A one-node cluster: this host, on 127.0.0.1; no cgroups (works in containers).
HOST=$(hostname -s)
mkdir -p "$WORK/state" "$WORK/spool"
cat > "$WORK/slurm.conf" <<CONF
ClusterName=bonesimci
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MaxArraySize=$((MAX_ARRAY + 1))
DependencyParameters=kill_invalid_depend
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=ci Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$WORK/slurm.conf
slurmctld -i -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for i in $(seq 60); do
  state=$(sinfo -h -N -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  [ "$i" -eq 60 ] && { say "node not idle after 60 s (state: '$state')"; exit 1; }
  sleep 1
done
say "cluster up: node $HOST idle ($(sinfo -V))"

# Submit the generated script and wait for the merge job.
"$BONESIM" slurm "$SWEEP" --shards $SHARDS --max-array-size $MAX_ARRAY --partition ci --time 00:10:00 --out "$WORK/run" 2>/dev/null
arrays=$(grep -c '^jobs+=' "$WORK/run/submit.sh")
t0=$(date +%s%N)
bash "$WORK/run/submit.sh" >/dev/null
merge=$(cat "$WORK/run/merge_job_id")
while :; do
  state=$(scontrol show job "$merge" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true)
  case "$state" in
    COMPLETED) break ;;
    FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) say "merge job $merge ended $state"; exit 1 ;;
  esac
  if [ $(( ($(date +%s%N) - t0) / 1000000000 )) -gt "$TIMEOUT" ]; then say "timeout after $TIMEOUT s (merge job: '$state')"; squeue; exit 1; fi
  sleep 0.5
done
t1=$(date +%s%N)

# The same sweep in one process; the CSVs must be the same bytes.
"$BONESIM" sweep "$SWEEP" --out "$WORK/single" --quiet
for f in design.csv summary.csv effects.csv; do
  cmp "$WORK/run/merged/$f" "$WORK/single/$f"
done
rows=$(($(wc -l < "$WORK/single/summary.csv") - 1))
say "OK: $SHARDS shards in $arrays arrays + merge job, submit to merged $(( (t1 - t0) / 1000000000 )).$(( (t1 - t0) / 100000000 % 10 )) s;" \
  "design.csv, summary.csv ($rows rows), effects.csv byte-identical to a one-process sweep"
