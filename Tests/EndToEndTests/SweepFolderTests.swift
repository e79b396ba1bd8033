import Foundation
import Testing

/// A sweep replaces only what an earlier sweep wrote (issue 16, class 3): a user's own
/// `manifest.json` or files under `points/` are never deleted, and a sweep over an old sweep's
/// folder leaves none of the old sweep's top-level files behind.
@Suite("Sweeps replace only what a sweep wrote", .serialized)
struct SweepFolderTests {
  static let sweep = "Tests/Fixtures/scenarios/sweeps/tiny_grid.yaml"

  static func folder(_ tag: String) -> String {
    let path = temporaryPath(tag)
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test("a foreign manifest.json or points/ entry stops the sweep with exit 1 and stays as it was", arguments: [
    "manifest.json", "points/notes.txt",
  ])
  func foreignFilesKept(file: String) throws {
    let out = Self.folder("foreign")
    defer { try? FileManager.default.removeItem(atPath: out) }
    let path = "\(out)/\(file)"
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data("the user's own file\n".utf8).write(to: URL(fileURLWithPath: path))
    let result = try bonesim(["sweep", Self.sweep, "--out", out, "--quiet"])
    #expect(result.status == 1)
    #expect(result.stderr == "error: cannot write \(path): it was not written by a bonesim sweep, and a sweep would replace it; choose a new or empty folder for --out\n")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "the user's own file\n")
    let entries = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    #expect(entries == [(file as NSString).pathComponents[0]], "the refused sweep wrote \(entries)")
  }

  @Test("a sweep over an earlier sweep's folder: the earlier per-patient file is gone, the user's notes stay")
  func previousSweepReplaced() throws {
    let out = Self.folder("again")
    defer { try? FileManager.default.removeItem(atPath: out) }
    #expect(try bonesim(["sweep", Self.sweep, "--out", out, "--quiet", "--per-patient"]).status == 0)
    #expect(FileManager.default.fileExists(atPath: "\(out)/patients.csv"))
    try Data("notes\n".utf8).write(to: URL(fileURLWithPath: "\(out)/notes.txt"))
    #expect(try bonesim(["sweep", Self.sweep, "--out", out, "--quiet"]).status == 0)
    #expect(!FileManager.default.fileExists(atPath: "\(out)/patients.csv"), "a stale patients.csv survived")
    #expect(FileManager.default.fileExists(atPath: "\(out)/notes.txt"))
    #expect(!FileManager.default.fileExists(atPath: "\(out)/.bonesim-sweep.lock"))
  }
}
