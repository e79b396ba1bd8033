import BoneSimIO
import Foundation
import Testing

/// `bonesim sweep --resume` after a SIGKILL gives the bytes of an uninterrupted sweep, keeping
/// the points that were complete.
///
/// Kills come from the testing hook `BONESIM_FAULT=kill-at-rename:<n>` (FaultPoint), at every
/// rename in turn; "kept" is shown by inode: the test holds a hard link to each file of a
/// complete point, so its inode cannot be freed and its number reused, and bonesim replaces a
/// file only by renaming a new one (a new inode) over it.
@Suite("Sweep kill and resume", .serialized)
struct SweepResumeTests {
  static let sweep = "Tests/Fixtures/scenarios/sweeps/tiny_grid.yaml"
  static let pair = "Tests/Fixtures/scenarios/sweeps/tiny_pair.yaml"
  static let csvFiles = ["design.csv", "summary.csv", "effects.csv"]

  /// Design points whose manifest (written last) exists; checks that each such manifest
  /// matches its files (rows, bytes, SHA-256).
  static func completePoints(_ out: String) throws -> [Int] {
    let points = (out as NSString).appendingPathComponent("points")
    var complete: [Int] = []
    for name in ((try? FileManager.default.contentsOfDirectory(atPath: points)) ?? []).sorted() {
      let folder = "\(points)/\(name)"
      guard let data = FileManager.default.contents(atPath: "\(folder)/manifest.json") else { continue }
      let manifest = try JSONDecoder().decode(SweepPointManifest.self, from: data)
      for f in manifest.files {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(f.path)"))
        #expect(sha256Hex(bytes) == f.sha256 && bytes.count == f.bytes, "points/\(name)/\(f.path) does not match its manifest")
      }
      complete.append(try #require(Int(name)))
    }
    return complete
  }

  /// Hard links in `held` (created; same file system) to every file of the given points'
  /// folders, with the path each stands for.
  static func hold(_ out: String, points: [Int], in held: String) throws -> [(point: Int, path: String, link: String)] {
    try FileManager.default.createDirectory(atPath: held, withIntermediateDirectories: true)
    var links: [(point: Int, path: String, link: String)] = []
    for i in points {
      for name in try FileManager.default.contentsOfDirectory(atPath: "\(out)/points/\(i)") {
        let path = "\(out)/points/\(i)/\(name)", link = "\(held)/\(i)-\(name)"
        try FileManager.default.linkItem(atPath: path, toPath: link)
        links.append((i, path, link))
      }
    }
    return links
  }

  /// Whether two paths name the same file (device and inode).
  static func sameFile(_ a: String, _ b: String) -> Bool {
    let fm = FileManager.default
    guard let x = try? fm.attributesOfItem(atPath: a), let y = try? fm.attributesOfItem(atPath: b),
      let inode = x[.systemFileNumber] as? UInt64, let device = x[.systemNumber] as? UInt64
    else { return false }
    return inode == y[.systemFileNumber] as? UInt64 && device == y[.systemNumber] as? UInt64
  }

  @Test("SIGKILL at every rename of a 2-point sweep, then --resume: complete points kept, same bytes as one uninterrupted run")
  func killAndResume() throws {
    let whole = temporaryPath("whole")
    defer { try? FileManager.default.removeItem(atPath: (whole as NSString).deletingLastPathComponent) }
    #expect(try bonesim(["sweep", Self.pair, "--out", whole, "--quiet"]).status == 0)
    var completeAtKill: [Int] = []
    for n in 0..<100 {
      let out = temporaryPath("killed\(n)")
      defer { try? FileManager.default.removeItem(atPath: (out as NSString).deletingLastPathComponent) }
      let killed = try bonesim(["sweep", Self.pair, "--out", out, "--quiet"], environment: ["BONESIM_FAULT": "kill-at-rename:\(n)"])
      if killed.reason == .exit && killed.status == 0 { break }  // past every rename
      #expect(killed.killed(), "rename \(n): status \(killed.status), \(killed.stderr)")
      // The top-level manifest is the last rename: a killed sweep never looks finished.
      #expect(!FileManager.default.fileExists(atPath: "\(out)/manifest.json"), "rename \(n)")
      let complete = try Self.completePoints(out)
      completeAtKill.append(complete.count)
      let held = try Self.hold(out, points: complete, in: (out as NSString).deletingLastPathComponent + "/held")
      let r = try bonesim(["sweep", Self.pair, "--out", out, "--resume", "--quiet"])
      #expect(r.status == 0, "\(r.stderr)")
      for f in Self.csvFiles {
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(whole)/\(f)"))
        let b = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(f)"))
        #expect(!a.isEmpty && a == b, "\(f) differs after a kill at rename \(n) and resume")
      }
      for h in held { #expect(Self.sameFile(h.path, h.link), "rename \(n): complete point \(h.point) rewritten (\(h.path))") }
      let leftovers = try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0.contains(".partial-") }
      #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }
    // Each point: 3 CSVs and its manifest; then 3 top-level CSVs and the manifest. Kills fell
    // before any point, between the points, and after both.
    #expect(completeAtKill.count >= 12, "\(completeAtKill.count) renames")
    #expect(Set(completeAtKill) == [0, 1, 2], "\(completeAtKill)")
  }

  @Test("--resume keeps intact points (the same files) and reruns a damaged or missing one")
  func damagedPoint() throws {
    let out = temporaryPath("damaged")
    defer { try? FileManager.default.removeItem(atPath: (out as NSString).deletingLastPathComponent) }
    #expect(try bonesim(["sweep", Self.sweep, "--out", out, "--quiet"]).status == 0)
    let reference = try Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.csv"))
    // One point's rows altered, another point's folder gone.
    let damaged = URL(fileURLWithPath: "\(out)/points/2/effects.csv")
    try (try String(contentsOf: damaged, encoding: .utf8).replacingOccurrences(of: ",", with: ";")).write(to: damaged, atomically: true, encoding: .utf8)
    let held = try Self.hold(out, points: Array(0..<6), in: (out as NSString).deletingLastPathComponent + "/held")
    try FileManager.default.removeItem(atPath: "\(out)/points/4")
    try FileManager.default.removeItem(atPath: "\(out)/summary.csv")
    #expect(try bonesim(["sweep", Self.sweep, "--out", out, "--resume", "--quiet"]).status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.csv")) == reference)
    #expect(try !read("\(out)/points/2/effects.csv").contains(";"))
    for h in held {
      if [2, 4].contains(h.point) {
        #expect(FileManager.default.fileExists(atPath: h.path) && !Self.sameFile(h.path, h.link), "point \(h.point) was not rerun: \(h.path)")
      } else {
        #expect(Self.sameFile(h.path, h.link), "an intact point was rewritten: \(h.path)")
      }
    }
  }
}
