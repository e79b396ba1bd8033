import BoneSimIO
import Foundation
import Testing

/// `PathName` (string path arithmetic that replaced Foundation's, which trapped on one-character
/// paths) agrees with POSIX `dirname` and `basename` (coreutils), the independent reference.
@Suite("PathName agrees with POSIX dirname and basename")
struct PathNameTests {
  static let paths = [
    "x", "x/", "ab", "a/b", "a/b/", "a//b", "/a", "/a/b", "/", "//", ".", "./", "..", "x/.", "x/..", "./y",
    "results/hrt_only", "/tmp/bonesim/out/", "a b/c d", "dir.v2/file.tar.gz",
  ]

  /// Standard output of `/usr/bin/env tool path`, without the final newline.
  static func posix(_ tool: String, _ path: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [tool, "--", path]
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
  }

  @Test("parent == dirname, lastComponent == basename", arguments: PathNameTests.paths)
  func posixAgreement(_ path: String) throws {
    #expect(PathName.parent(path) == (try Self.posix("dirname", path)), "dirname \(path)")
    #expect(PathName.lastComponent(path) == (try Self.posix("basename", path)), "basename \(path)")
  }

  @Test("join puts exactly one slash between folder and name; stem drops the last extension")
  func joinAndStem() {
    #expect(PathName.join("a", "b") == "a/b")
    #expect(PathName.join("a/", "b") == "a/b")
    #expect(PathName.join("", "b") == "b")
    #expect(PathName.join("/", "b") == "/b")
    #expect(PathName.stem("runs/grid.yaml") == "grid")
    #expect(PathName.stem("dir.v2/file.tar.gz") == "file.tar")
    #expect(PathName.stem(".hidden") == ".hidden")
    #expect(PathName.stem("x") == "x")
  }
}
