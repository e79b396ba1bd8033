import BoneSimIO
import Foundation
import Testing

@Suite("Determinism: threads and shards do not change a byte")
struct EndToEndDeterminismTests {
  @Test("--threads 1 and --threads 2 give byte-identical CSV (several chunks and blocks, per-patient files too), each run on as many threads")
  func threads() throws {
    var outputs: [String] = []
    for t in [1, 2] {
      let out = temporaryPath("t\(t)")
      // 2300 patients: two chunks of the runner, nine blocks of the solver.
      let r = try bonesim(["run", "Tests/Fixtures/scenarios/sweeps/small_hrt.yaml", "--out", out, "--patients", "2300", "--threads", "\(t)", "--per-patient", "--quiet"])
      #expect(r.status == 0, "\(r.stderr)")
      // The threads that stepped the cohort together, as the run measured them: 2 means the
      // comparison below really compares two threads with one, however busy the machine.
      let manifest = try JSONDecoder().decode(Manifest.self, from: Data(try read("\(out)/manifest.json").utf8))
      #expect(manifest.threads == t && manifest.workerThreads == t, "--threads \(t): workerThreads \(manifest.workerThreads ?? 0)")
      outputs.append(out)
    }
    for f in ["summary.csv", "effects.csv", "patients.csv", "patients_covariates.csv"] {
      let a = try read("\(outputs[0])/\(f)"), b = try read("\(outputs[1])/\(f)")
      #expect(!a.isEmpty && a == b, "\(f) differs")
    }
  }

  @Test("a sweep run whole and as 3 shards gives the same rows")
  func shards() throws {
    let sweep = "Tests/Fixtures/scenarios/sweeps/small_grid.yaml"
    let whole = temporaryPath("whole")
    #expect(try bonesim(["sweep", sweep, "--out", whole, "--quiet"]).status == 0)
    var parts: [String] = []
    for i in 1...3 {
      let out = temporaryPath("s\(i)")
      let r = try bonesim(["sweep", sweep, "--out", out, "--shard", "\(i)/3", "--quiet"])
      #expect(r.status == 0, "\(r.stderr)")
      parts.append(out)
    }
    for f in ["design.csv", "summary.csv", "effects.csv"] {
      let w = try read("\(whole)/\(f)")
      var joined = ""
      for (k, p) in parts.enumerated() {
        let lines = try read("\(p)/\(f)").split(separator: "\n", omittingEmptySubsequences: false)
        joined += (k == 0 ? lines : Array(lines.dropFirst())).joined(separator: "\n")
        if joined.hasSuffix("\n") == false && k < 2 { joined += "\n" }
      }
      #expect(!w.isEmpty && joined == w, "\(f) differs")
    }
    let design = try read("\(whole)/design.csv").split(separator: "\n")
    #expect(design.count == 1 + 6)
  }

  @Test("--shard must be I/N")
  func badShard() throws {
    let r = try bonesim(["sweep", "Tests/Fixtures/scenarios/sweeps/small_grid.yaml", "--shard", "4/3"])
    #expect(r.status != 0)
    #expect(r.stderr.contains("--shard must be I/N"))
  }
}
