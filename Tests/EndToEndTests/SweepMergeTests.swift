import Foundation
import Testing

/// `bonesim merge` and the script `bonesim slurm` writes, run without Slurm.
@Suite("Sweep shards, merge and the Slurm script", .serialized)
struct SweepMergeTests {
  static let sweep = "Tests/Fixtures/scenarios/sweeps/tiny_grid.yaml"

  func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

  @Test("3 shards merged (given in any order) equal the one-process sweep byte for byte; bad merges write nothing")
  func mergeShards() throws {
    let whole = temporaryPath("whole")
    #expect(try bonesim(["sweep", Self.sweep, "--out", whole, "--quiet"]).status == 0)
    var shards: [String] = []
    for i in 1...3 {
      let out = temporaryPath("shard\(i)")
      let r = try bonesim(["sweep", Self.sweep, "--shard", "\(i)/3", "--out", out, "--quiet"])
      #expect(r.status == 0, "\(r.stderr)")
      shards.append(out)
    }
    let merged = temporaryPath("merged")
    let r = try bonesim(["merge", shards[2], shards[0], shards[1], "--out", merged, "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    for f in ["design.csv", "summary.csv", "effects.csv"] {
      #expect(try !bytes("\(whole)/\(f)").isEmpty && bytes("\(whole)/\(f)") == bytes("\(merged)/\(f)"), "\(f) differs")
    }
    let manifest = try read("\(merged)/manifest.json")
    #expect(manifest.contains("\"shard\" : \"1/1\"") && manifest.contains("\"designPoints\" : 6"))

    // A missing shard, a shard given twice, a damaged point: exit 2, one message, nothing written.
    try "x".write(toFile: "\(shards[1])/points/2/summary.csv", atomically: true, encoding: .utf8)
    let bad: [([String], String)] = [
      ([shards[0], shards[2]], "2 of 6 design points are in none of the shards given (2, 3)"),
      ([shards[0], shards[0], shards[2]], "this shard folder is given twice"),
      ([shards[0], shards[1], shards[2]], "checksum mismatch"),
    ]
    for (folders, message) in bad {
      let out = temporaryPath("bad")
      let r = try bonesim(["merge"] + folders + ["--out", out])
      #expect(r.status == 2 && r.stderr.contains(message), "\(r.stderr)")
      #expect(!FileManager.default.fileExists(atPath: out))
    }
  }

  @Test("with --parameter-uncertainty, shards (any threads) merge to the one-process sweep byte for byte; mixed shards are refused")
  func mergeWithEnsemble() throws {
    // Members differ in the patch's exposure, which acts on these premenopausal women's HRT arm.
    let ensemble = temporaryPath("ensemble.csv")
    try FileManager.default.createDirectory(atPath: (ensemble as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try "member,estradiol.patchExponent\n0,1.2\n1,1.5\n2,1.9\n".write(toFile: ensemble, atomically: true, encoding: .utf8)
    let flags = ["--parameter-uncertainty", "--ensemble", ensemble, "--quiet"]
    let whole = temporaryPath("whole")
    #expect(try bonesim(["sweep", Self.sweep, "--out", whole] + flags).status == 0)
    let plain = temporaryPath("plain")
    #expect(try bonesim(["sweep", Self.sweep, "--out", plain, "--quiet"]).status == 0)
    #expect(try bytes("\(whole)/summary.csv") != bytes("\(plain)/summary.csv"))  // the members matter
    let one = temporaryPath("s1"), two = temporaryPath("s2")
    #expect(try bonesim(["sweep", Self.sweep, "--shard", "1/2", "--out", one] + flags).status == 0)
    #expect(try bonesim(["sweep", Self.sweep, "--shard", "2/2", "--threads", "2", "--out", two] + flags).status == 0)
    let merged = temporaryPath("merged")
    let r = try bonesim(["merge", one, two, "--out", merged, "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    for f in ["design.csv", "summary.csv", "effects.csv"] {
      #expect(try bytes("\(whole)/\(f)") == bytes("\(merged)/\(f)"), "\(f) differs")
    }
    #expect(try read("\(merged)/manifest.json").contains("\"parameterEnsemble\""))
    // A shard without the ensemble does not merge with one that had it.
    let plainTwo = temporaryPath("p2")
    #expect(try bonesim(["sweep", Self.sweep, "--shard", "2/2", "--out", plainTwo, "--quiet"]).status == 0)
    let bad = temporaryPath("bad")
    let m = try bonesim(["merge", one, plainTwo, "--out", bad])
    #expect(m.status == 2 && m.stderr.contains("run every shard with the same ensemble"), "\(m.stderr)")
    #expect(!FileManager.default.fileExists(atPath: bad))
    // `bonesim slurm` hands the same ensemble to every shard.
    let slurm = temporaryPath("slurm")
    let s = try bonesim(["slurm", Self.sweep, "--shards", "2", "--out", slurm] + flags.dropLast())
    #expect(s.status == 0, "\(s.stderr)")
    #expect(try read("\(slurm)/submit.sh").contains("--resume --parameter-uncertainty --ensemble '\(ensemble)'"))
  }

  @Test("the generated script splits 2500 shards into arrays of 1000, 1000, 500 with offsets, then one dependent merge")
  func scriptSplitsArrays() throws {
    let out = temporaryPath("slurm")
    let r = try bonesim(["slurm", Self.sweep, "--shards", "2500", "--out", out, "--partition", "short", "--time", "00:30:00", "--cpus-per-task", "2"])
    #expect(r.status == 0, "\(r.stderr)")
    let script = try read("\(out)/submit.sh")
    let arrays = script.split(separator: "\n").filter { $0.hasPrefix("jobs+=") }
    #expect(arrays == ["jobs+=(\"$(submit_shards 0 1000 | cut -d';' -f1)\")", "jobs+=(\"$(submit_shards 1000 1000 | cut -d';' -f1)\")", "jobs+=(\"$(submit_shards 2000 500 | cut -d';' -f1)\")"])
    for expected in ["--partition='short'", "--time='00:30:00'", "--cpus-per-task=2", "--shard /2500", "--threads 2", "--dependency=\"$dependency\"", "BONESIM_SHARD_OFFSET=$1"] {
      #expect(script.contains(expected), "missing \(expected)")
    }
    let syntax = Process()
    syntax.executableURL = URL(fileURLWithPath: "/bin/bash")
    syntax.arguments = ["-n", "\(out)/submit.sh"]
    try syntax.run()
    syntax.waitUntilExit()
    #expect(syntax.terminationStatus == 0)
  }

  /// Runs bash `script` with `environment` added; returns stdout.
  func bash(_ script: String, _ environment: [String: String] = [:]) throws -> (status: Int32, out: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/bash")
    p.arguments = ["-c", script]
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    p.currentDirectoryURL = packageRoot
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test("the generated script, with a stand-in sbatch that runs each job in turn, gives the one-process sweep's bytes")
  func scriptRunsLocally() throws {
    let out = temporaryPath("slurm-local")
    // 4 shards in arrays of at most 3: two arrays (3 + 1) and the merge.
    #expect(try bonesim(["slurm", Self.sweep, "--shards", "4", "--max-array-size", "3", "--out", out]).status == 0)
    // The stand-in: reads the job script from stdin and runs it once per array task with the
    // variables Slurm would set (SLURM_ARRAY_TASK_ID, and BONESIM_SHARD_OFFSET from --export).
    let fake = "\(out)/fake_sbatch"
    try """
      #!/usr/bin/env bash
      set -euo pipefail
      script=$(mktemp); cat > "$script"; array=""; offset=""
      for a in "$@"; do
        case "$a" in
          --array=*) array=${a#--array=} ;;
          --export=*) offset=${a##*BONESIM_SHARD_OFFSET=} ;;
        esac
      done
      if [ -n "$array" ]; then
        for t in $(seq ${array%-*} ${array#*-}); do SLURM_ARRAY_TASK_ID=$t BONESIM_SHARD_OFFSET=$offset bash "$script" >&2; done
      else
        bash "$script" >&2
      fi
      echo $RANDOM
      """.write(toFile: fake, atomically: true, encoding: .utf8)
    let r = try bash("chmod +x '\(fake)' && bash '\(out)/submit.sh'", ["SBATCH": fake])
    #expect(r.status == 0)
    #expect(r.out.contains("merge job:"))
    let whole = temporaryPath("whole")
    #expect(try bonesim(["sweep", Self.sweep, "--out", whole, "--quiet"]).status == 0)
    for i in 1...4 { #expect(FileManager.default.fileExists(atPath: "\(out)/shards/\(i)/manifest.json")) }
    for f in ["design.csv", "summary.csv", "effects.csv"] {
      #expect(try bytes("\(whole)/\(f)") == bytes("\(out)/merged/\(f)"), "\(f) differs")
    }
  }
}
