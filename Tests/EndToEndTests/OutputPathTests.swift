import Foundation
import Testing

/// `--out` paths that used to trap in Foundation's path handling (issue 16, class 1): short
/// relative names work like any other; names without a folder of their own ('.', '..', 'x/.',
/// 'x/..') are refused with a message, exit 1 and nothing written.
@Suite("Output folders: short names work, '.' and '..' are refused")
struct OutputPathTests {
  static let scenario = packageRoot.appendingPathComponent("Tests/Fixtures/manifest_columns/tiny.yaml").path
  static let sweep = packageRoot.appendingPathComponent("Tests/Fixtures/manifest_columns/tiny_sweep.yaml").path

  /// A fresh, empty working folder.
  static func workingFolder() throws -> URL {
    let url = URL(fileURLWithPath: temporaryPath("cwd"))
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test("one-character and trailing-slash folders, relative to the working folder", arguments: ["x", "x/", "a/b", "./y"])
  func shortNames(_ out: String) throws {
    let cwd = try Self.workingFolder()
    let r = try bonesim(["run", Self.scenario, "--out", out, "--quiet"], in: cwd)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(FileManager.default.fileExists(atPath: cwd.appendingPathComponent(out).appendingPathComponent("manifest.json").path))
    // Nothing else (no staging folder) is left beside it.
    let parent = cwd.appendingPathComponent(out).deletingLastPathComponent().path
    let hidden = try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(".") }
    #expect(hidden.isEmpty, "left behind: \(hidden)")
  }

  @Test("a sweep into a one-character folder")
  func shortSweep() throws {
    let cwd = try Self.workingFolder()
    let r = try bonesim(["sweep", Self.sweep, "--out", "s", "--quiet", "--patients", "2"], in: cwd)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(FileManager.default.fileExists(atPath: cwd.appendingPathComponent("s/manifest.json").path))
  }

  @Test("'.', './', '..', 'x/.' and 'x/..' are refused with a message and nothing is written", arguments: [".", "./", "..", "x/.", "x/.."])
  func dots(_ out: String) throws {
    let cwd = try Self.workingFolder()
    let r = try bonesim(["run", Self.scenario, "--out", out, "--quiet"], in: cwd)
    #expect(r.status == 1)
    #expect(r.stderr == "error: cannot write \(out): name the output folder itself, not '.', '..' or '/' (for example results/my_run)\n", "\(r.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: cwd.path).isEmpty)
    #expect(!r.stderr.contains("Backtrace"))
  }
}
