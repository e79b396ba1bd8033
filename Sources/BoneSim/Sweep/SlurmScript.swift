import BoneSimIO
import BoneSimScenario
import Foundation

/// `bonesim slurm`: a bash script that submits a sweep to Slurm as job arrays of shards
/// (`bonesim sweep --shard /N`, index from `SLURM_ARRAY_TASK_ID` + `BONESIM_SHARD_OFFSET`)
/// and one merge job that runs after every shard succeeded (`--dependency=afterok`).
///
/// Arrays are split into pieces of at most `maxArraySize` tasks (Slurm's MaxArraySize caps
/// task IDs, so each piece uses IDs 0..<size and passes its first shard as the offset).
public struct SlurmScript: Sendable {
  /// Absolute paths (the script runs on the cluster's login node with a shared file system).
  public var bonesim: String
  public var sweep: String
  public var out: String
  public var shards: Int
  public var maxArraySize: Int
  public var partition: String?
  /// Slurm time limit per shard, e.g. `01:00:00`.
  public var time: String?
  public var cpusPerTask: Int
  /// Extra `bonesim sweep` flags (e.g. `--per-patient`): fixed words, written as they are.
  public var sweepFlags: [String]

  public init(
    bonesim: String, sweep: String, out: String, shards: Int, maxArraySize: Int = 1000, partition: String? = nil,
    time: String? = nil, cpusPerTask: Int = 1, sweepFlags: [String] = []
  ) {
    self.bonesim = bonesim
    self.sweep = sweep
    self.out = out
    self.shards = shards
    self.maxArraySize = maxArraySize
    self.partition = partition
    self.time = time
    self.cpusPerTask = cpusPerTask
    self.sweepFlags = sweepFlags
  }

  /// The arrays: (first shard, 0-based, and number of tasks).
  public var arrays: [(offset: Int, size: Int)] {
    stride(from: 0, to: shards, by: maxArraySize).map { ($0, min(maxArraySize, shards - $0)) }
  }

  /// Single-quotes a word for bash.
  public static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

  public var text: String {
    var common = ["--cpus-per-task=\(cpusPerTask)"]
    if let partition { common.append("--partition=\(Self.quote(partition))") }
    if let time { common.append("--time=\(Self.quote(time))") }
    let flags = (["--threads", String(cpusPerTask), "--quiet", "--resume"] + sweepFlags).joined(separator: " ")
    var s = """
      #!/usr/bin/env bash
      # Submits \(sweep) to Slurm: \(shards) shards in \(arrays.count) job array(s) of at most
      # \(maxArraySize) tasks, then one merge job that starts when every shard succeeded.
      # Written by `bonesim slurm`; see docs/CLUSTER.md. Run it on the login node:  bash \(Self.quote(PathName.join(out, "submit.sh")))
      # Results: $OUT/merged (summary.csv, effects.csv, design.csv, manifest.json); logs in $OUT/logs.
      # A shard that fails can be resubmitted as is: --resume keeps its finished design points.
      set -euo pipefail
      BONESIM=${BONESIM:-\(Self.quote(bonesim))}
      SWEEP=\(Self.quote(sweep))
      OUT=\(Self.quote(out))
      SBATCH=${SBATCH:-sbatch}
      # The jobs read the paths from their environment (--export=ALL) inside quoted here-documents:
      # nothing in a path is ever run as shell code.
      export BONESIM SWEEP OUT
      mkdir -p "$OUT/shards" "$OUT/logs"

      # One array of shards: $1 = first shard (0-based offset), $2 = number of tasks.
      submit_shards() {
        "$SBATCH" --parsable --job-name=bonesim-shard --array="0-$(($2 - 1))" \(common.joined(separator: " ")) \\
          --output="$OUT/logs/shard-%A_%a.out" --export="ALL,BONESIM_SHARD_OFFSET=$1" <<'EOF'
      #!/usr/bin/env bash
      set -euo pipefail
      I=$((SLURM_ARRAY_TASK_ID + BONESIM_SHARD_OFFSET + 1))
      exec "$BONESIM" sweep "$SWEEP" --shard /\(shards) --out "$OUT/shards/$I" \(flags)
      EOF
      }

      jobs=()

      """
    for a in arrays { s += "jobs+=(\"$(submit_shards \(a.offset) \(a.size) | cut -d';' -f1)\")\n" }
    s += """
      dependency=$(IFS=:; echo "afterok:${jobs[*]}")
      merge=$("$SBATCH" --parsable --job-name=bonesim-merge --dependency="$dependency" --export=ALL \(common.first!) \\
        \(common.dropFirst().joined(separator: " ")) --output="$OUT/logs/merge-%j.out" <<'EOF' | cut -d';' -f1
      #!/usr/bin/env bash
      set -euo pipefail
      shards=()
      for i in $(seq 1 \(shards)); do shards+=("$OUT/shards/$i"); done
      exec "$BONESIM" merge "${shards[@]}" --out "$OUT/merged"
      EOF
      )
      echo "shard arrays: ${jobs[*]}"
      echo "merge job: $merge"
      echo "$merge" > "$OUT/merge_job_id"

      """
    return s
  }
}
