import Foundation
import Testing

/// Failed patients in sweeps: per point, assembled at the top level, kept through a merge.
@Suite("Sweeps with failed patients")
struct SweepFailedPatientsTests {
  static let sweep = "Tests/Fixtures/scenarios/sweeps/failing_grid.yaml"
  static let scenario = "Tests/Fixtures/faults/failing_patients.yaml"

  /// Data lines of a CSV (header dropped).
  func rows(_ path: String) throws -> [String] { Array(try read(path).split(separator: "\n").dropFirst().map(String.init)) }

  @Test("each failing point lists the patients a plain run lists; the top level concatenates them; a merge of shards equals it")
  func assembled() throws {
    let single = temporaryPath("single")
    let run = try bonesim(["run", Self.scenario, "--out", single, "--quiet", "--max-failed-fraction", "0.5"])
    #expect(run.status == 0, "\(run.stderr)")
    let expected = try rows("\(single)/failed_patients.csv")
    #expect(!expected.isEmpty)

    let whole = temporaryPath("whole")
    let sweep = try bonesim(["sweep", Self.sweep, "--out", whole, "--quiet", "--max-failed-fraction", "0.5"])
    #expect(sweep.status == 0, "\(sweep.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(whole)/points/0/failed_patients.csv"))
    let top = try rows("\(whole)/failed_patients.csv")
    #expect(top == expected.map { "1," + $0 } + expected.map { "2," + $0 })
    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(whole)/manifest.json"))) as? [String: Any]
    #expect(manifest?["failedPatients"] as? Int == 2 * expected.count)
    let columns = manifest?["columns"] as? [String: Any]
    #expect(columns?["failed_patients.csv"] != nil)

    var shards: [String] = []
    for i in 1...3 {
      let out = temporaryPath("shard\(i)")
      let r = try bonesim(["sweep", Self.sweep, "--shard", "\(i)/3", "--out", out, "--quiet", "--max-failed-fraction", "0.5"])
      #expect(r.status == 0, "\(r.stderr)")
      shards.append(out)
    }
    let merged = temporaryPath("merged")
    let m = try bonesim(["merge"] + shards + ["--out", merged, "--quiet"])
    #expect(m.status == 0, "\(m.stderr)")
    for f in ["design.csv", "summary.csv", "effects.csv", "failed_patients.csv"] {
      #expect(try read("\(whole)/\(f)") == read("\(merged)/\(f)"), "\(f) differs")
    }
  }
}
