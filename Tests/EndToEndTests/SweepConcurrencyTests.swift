import Foundation
import Testing

/// Small design points run side by side with `--threads 2` (issue 15): every file of every
/// point, and the sweep's tables, are the bytes a one-thread sweep writes.
@Suite("Sweeps: small design points at once")
struct SweepConcurrencyTests {
  /// Every file under `folder` except manifests (they record threads, paths and times), by
  /// path relative to `folder`.
  func files(_ folder: String) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder)!
    while let path = enumerator.nextObject() as? String {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: "\(folder)/\(path)", isDirectory: &isDirectory), !isDirectory.boolValue,
        !path.hasSuffix("manifest.json")
      else { continue }
      out[path] = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(path)"))
    }
    return out
  }

  @Test("--threads 2 writes the bytes --threads 1 does (per-patient files and failed patients too)", arguments: [
    "Tests/Fixtures/scenarios/sweeps/tiny_grid.yaml", "Tests/Fixtures/scenarios/sweeps/failing_grid.yaml",
  ])
  func sameBytes(sweep: String) throws {
    var written: [[String: Data]] = []
    for threads in [1, 2] {
      let out = temporaryPath("concurrent-\(threads)")
      let r = try bonesim(["sweep", sweep, "--out", out, "--threads", "\(threads)", "--per-patient", "--quiet", "--max-failed-fraction", "0.5"])
      #expect(r.status == 0, "\(r.stderr)")
      written.append(try files(out))
      let manifest = try JSONSerialization.jsonObject(with: Data(read("\(out)/manifest.json").utf8)) as! [String: Any]
      #expect(manifest["threads"] as? Int == threads)
    }
    #expect(written[0].count >= 10, "\(written[0].keys.sorted())")
    #expect(written[0].keys.sorted() == written[1].keys.sorted())
    for (path, bytes) in written[0] { #expect(written[1][path] == bytes, "\(path) differs") }
    if sweep.contains("failing") { #expect(written[0]["failed_patients.csv"] != nil) }
  }

  @Test("a point that fails stops the sweep with the message --threads 1 gives, and no sweep manifest")
  func failure() throws {
    var results: [(status: Int32, stderr: String)] = []
    for threads in [1, 2] {
      let out = temporaryPath("concurrent-fail-\(threads)")
      let r = try bonesim(["sweep", "Tests/Fixtures/scenarios/sweeps/failing_grid.yaml", "--out", out, "--threads", "\(threads)", "--quiet"])
      results.append((r.status, r.stderr.replacingOccurrences(of: out, with: "OUT")))
      #expect(!FileManager.default.fileExists(atPath: "\(out)/manifest.json"))
      #expect(FileManager.default.fileExists(atPath: "\(out)/points/0/manifest.json"))
    }
    #expect(results[0].status == 1)
    #expect(results[1].status == results[0].status)
    #expect(results[1].stderr == results[0].stderr)
  }
}
