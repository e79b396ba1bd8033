import BoneSim
import Foundation
import Testing

/// `bonesim merge` never destroys or mixes data: folders are compared by real path (symlinks
/// included), the merged folder is staged and renamed into place (an interrupted merge
/// leaves the previous one), only the files a point's manifest lists are merged, and shards
/// of different BoneSim versions are refused.
@Suite("Merge safety: symlinks, staging, interrupts, versions, stray files", .serialized)
struct MergeSafetyTests {
  /// Two shards of the tiny grid, written once for the suite (never modified by a test:
  /// tests that damage shards copy them first).
  static let shards: [String] = {
    (1...2).map { i in
      let out = temporaryPath("merge-safety-shard\(i)")
      let r = try? bonesim(["sweep", SweepMergeTests.sweep, "--shard", "\(i)/2", "--out", out, "--quiet"])
      precondition(r?.status == 0, "shard \(i) failed: \(r?.stderr ?? "")")
      return out
    }
  }()

  /// Every file under `folder` with its bytes (relative path → bytes).
  func snapshot(_ folder: String) -> [String: Data] {
    var out: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let path = enumerator?.nextObject() as? String {
      if let data = FileManager.default.contents(atPath: "\(folder)/\(path)") { out[path] = data }
    }
    return out
  }

  /// A copy of a shard folder a test may damage.
  func copy(_ folder: String) throws -> String {
    let to = temporaryPath("merge-safety-copy")
    try FileManager.default.copyItem(atPath: folder, toPath: to)
    return to
  }

  /// A symlink at `path` (its parent folder created) pointing to `destination`.
  func symlink(_ path: String, to destination: String) throws {
    try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: destination)
  }

  func leftovers(beside folder: String) throws -> [String] {
    let parent = URL(fileURLWithPath: folder).deletingLastPathComponent().path
    let name = URL(fileURLWithPath: folder).lastPathComponent
    return try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(".\(name).partial-") }
  }

  @Test("--out reaching a shard folder through a symlink, a symlinked parent, or inside a shard: refused, the shard untouched")
  func outAliasingAShardIsRefused() throws {
    let shards = Self.shards
    let before = snapshot(shards[0])
    #expect(before.keys.contains { $0.hasPrefix("points/") })
    let link = temporaryPath("merge-safety-link")
    try symlink(link, to: shards[0])
    let parentLink = temporaryPath("merge-safety-parent")
    try symlink(parentLink, to: URL(fileURLWithPath: shards[0]).deletingLastPathComponent().path)
    let viaParent = "\(parentLink)/\(URL(fileURLWithPath: shards[0]).lastPathComponent)"
    let cases: [(out: String, message: String)] = [
      (link, "is this shard folder"),
      (viaParent, "is this shard folder"),
      ("\(link)/merged", "lies inside this shard folder"),
      ("\(shards[0])/points/merged", "lies inside this shard folder"),
    ]
    for (out, message) in cases {
      let r = try bonesim(["merge", shards[0], shards[1], "--out", out])
      #expect(r.status == 2 && r.stderr.contains(message), "--out \(out): \(r.stderr)")
      #expect(snapshot(shards[0]) == before, "--out \(out) changed the shard")
    }
    // A shard inside --out (merging into a folder that holds the shards) is refused too.
    let holder = temporaryPath("merge-safety-holder")
    try FileManager.default.createDirectory(atPath: holder, withIntermediateDirectories: true)
    let inner = "\(holder)/shard1"
    try FileManager.default.copyItem(atPath: shards[0], toPath: inner)
    let r = try bonesim(["merge", inner, shards[1], "--out", holder])
    #expect(r.status == 2 && r.stderr.contains("lies inside --out"), "\(r.stderr)")
    #expect(snapshot(inner) == before)
  }

  @Test("--out a symlink to a folder: the folder it points to receives the merge and the link stays a link")
  func outSymlinkToFolder() throws {
    let real = temporaryPath("merge-safety-real")
    try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: true)
    let link = temporaryPath("merge-safety-outlink")
    try symlink(link, to: real)
    let r = try bonesim(["merge", Self.shards[0], Self.shards[1], "--out", link, "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real)
    #expect(FileManager.default.fileExists(atPath: "\(real)/manifest.json"))
    #expect(FileManager.default.fileExists(atPath: "\(real)/points/0/summary.csv"))
    #expect(try leftovers(beside: real).isEmpty)
  }

  @Test("an interrupted merge (SIGINT before it ends) leaves the previous merge byte for byte and no staging folder")
  func interruptedMergeKeepsPrevious() throws {
    let out = temporaryPath("merge-safety-previous")
    #expect(try bonesim(["merge", Self.shards[0], Self.shards[1], "--out", out, "--quiet"]).status == 0)
    try "my notes\n".write(toFile: "\(out)/notes.txt", atomically: true, encoding: .utf8)
    let before = snapshot(out)
    // Raised before the first point: the merge stops at its first check.
    let stop = StopSignal()
    stop.raise(SIGINT)
    #expect(throws: RunError.self) { try SweepMerge.merge(shards: Self.shards, out: out, stop: stop) }
    #expect(snapshot(out) == before)
    #expect(try leftovers(beside: out).isEmpty)
    // A merge that completes replaces the CSVs and keeps the user's note.
    #expect(try SweepMerge.merge(shards: Self.shards, out: out) == 6)
    #expect(try read("\(out)/notes.txt") == "my notes\n")
    #expect(try leftovers(beside: out).isEmpty)
  }

  @Test("shards written by different BoneSim versions, or a point resumed with another version, are refused")
  func versionMismatchRefused() throws {
    let other = try copy(Self.shards[1])
    let manifest = "\(other)/manifest.json"
    let version = BoneSimVersion.current
    try read(manifest).replacingOccurrences(of: "\"version\" : \"\(version)\"", with: "\"version\" : \"0.0.1-old\"")
      .write(toFile: manifest, atomically: true, encoding: .utf8)
    #expect(try read(manifest).contains("0.0.1-old"))
    var out = temporaryPath("merge-safety-versions")
    var r = try bonesim(["merge", Self.shards[0], other, "--out", out])
    #expect(r.status == 2 && r.stderr.contains("tool.version: written by BoneSim 0.0.1-old"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))

    let resumed = try copy(Self.shards[1])
    let points = try FileManager.default.contentsOfDirectory(atPath: "\(resumed)/points").sorted()
    let point = "\(resumed)/points/\(points[0])/manifest.json"
    try read(point).replacingOccurrences(of: "\"version\" : \"\(version)\"", with: "\"version\" : \"0.0.1-old\"")
      .write(toFile: point, atomically: true, encoding: .utf8)
    out = temporaryPath("merge-safety-versions")
    r = try bonesim(["merge", Self.shards[0], resumed, "--out", out])
    #expect(r.status == 2 && r.stderr.contains("was written by BoneSim 0.0.1-old"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test("a stray file in a point folder that the point's manifest does not list is not merged")
  func strayPointFileNotMerged() throws {
    let shard = try copy(Self.shards[0])
    let stray = "\(shard)/points/0/failed_patients.csv"
    try "design_point,arm,patient,reason\n0,control,1,old run\n".write(toFile: stray, atomically: true, encoding: .utf8)
    let out = temporaryPath("merge-safety-stray")
    let r = try bonesim(["merge", shard, Self.shards[1], "--out", out, "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(out)/failed_patients.csv"))
    #expect(!FileManager.default.fileExists(atPath: "\(out)/points/0/failed_patients.csv"))
  }
}
