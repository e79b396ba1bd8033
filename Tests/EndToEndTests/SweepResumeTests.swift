import Foundation
import Testing

/// `bonesim sweep --resume` after a SIGKILL gives the bytes of an uninterrupted sweep.
@Suite("Sweep kill and resume", .serialized)
struct SweepResumeTests {
  static let sweep = "Tests/Fixtures/scenarios/sweeps/tiny_grid.yaml"
  static let csvFiles = ["design.csv", "summary.csv", "effects.csv"]

  /// Design points whose manifest (written last) exists.
  static func completePoints(_ out: String) -> Int {
    let points = (out as NSString).appendingPathComponent("points")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: points)) ?? []
    return names.filter { FileManager.default.fileExists(atPath: "\(points)/\($0)/manifest.json") }.count
  }

  /// Starts a sweep, SIGKILLs it once `killAfter` points are complete (0: once the first
  /// point's folder exists), and returns how many points were complete at the kill.
  static func killedSweep(out: String, killAfter: Int) throws -> Int {
    let process = Process()
    process.executableURL = try bonesimExecutable()
    process.arguments = ["sweep", sweep, "--out", out, "--quiet"]
    process.currentDirectoryURL = packageRoot
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(300)
    while process.isRunning && Date() < deadline {
      let started = FileManager.default.fileExists(atPath: "\(out)/points/0")
      if killAfter == 0 ? started : completePoints(out) >= killAfter { break }
      usleep(5_000)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    return completePoints(out)
  }

  @Test("SIGKILL after 0, 1, 3 and 5 of 6 design points, then --resume: same bytes as one uninterrupted run")
  func killAndResume() throws {
    let whole = temporaryPath("whole")
    #expect(try bonesim(["sweep", Self.sweep, "--out", whole, "--quiet"]).status == 0)
    var killedAt: [Int] = []
    for k in [0, 1, 3, 5] {
      let out = temporaryPath("killed\(k)")
      let done = try Self.killedSweep(out: out, killAfter: k)
      killedAt.append(done)
      #expect(done >= k, "killed after \(done) points, wanted \(k)")
      // Killed before the last point: no top-level manifest, so no one mistakes it for a result.
      if done < 6 { #expect(!FileManager.default.fileExists(atPath: "\(out)/manifest.json")) }
      let r = try bonesim(["sweep", Self.sweep, "--out", out, "--resume", "--quiet"])
      #expect(r.status == 0, "\(r.stderr)")
      for f in Self.csvFiles {
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(whole)/\(f)"))
        let b = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(f)"))
        #expect(!a.isEmpty && a == b, "\(f) differs after kill at \(done) points and resume")
      }
      let leftovers = try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0.contains(".partial-") }
      #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }
    print("kill points (complete design points at SIGKILL): \(killedAt)")
  }

  @Test("--resume keeps intact points and reruns a damaged or missing one")
  func damagedPoint() throws {
    let out = temporaryPath("damaged")
    #expect(try bonesim(["sweep", Self.sweep, "--out", out, "--quiet"]).status == 0)
    let reference = try Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.csv"))
    let kept = try FileManager.default.attributesOfItem(atPath: "\(out)/points/0/summary.csv")[.modificationDate] as? Date
    // One point's rows altered, another point's folder gone.
    let damaged = URL(fileURLWithPath: "\(out)/points/2/effects.csv")
    try (try String(contentsOf: damaged, encoding: .utf8).replacingOccurrences(of: ",", with: ";")).write(to: damaged, atomically: true, encoding: .utf8)
    try FileManager.default.removeItem(atPath: "\(out)/points/4")
    try FileManager.default.removeItem(atPath: "\(out)/summary.csv")
    usleep(20_000)
    #expect(try bonesim(["sweep", Self.sweep, "--out", out, "--resume", "--quiet"]).status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.csv")) == reference)
    #expect(try !read("\(out)/points/2/effects.csv").contains(";"))
    let after = try FileManager.default.attributesOfItem(atPath: "\(out)/points/0/summary.csv")[.modificationDate] as? Date
    #expect(kept != nil && kept == after, "an intact point was rewritten")
  }
}
