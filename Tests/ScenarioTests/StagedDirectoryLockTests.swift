import BoneSimIO
import Foundation
import Testing

/// One output folder, many writers (issue 16, class 2): staging names never collide, a second
/// writer fails clearly while the first holds the folder, and nobody deletes a live writer's
/// staging folder.
@Suite("Output folders have one writer at a time")
struct StagedDirectoryLockTests {
  static func scratch(_ tag: String) -> String {
    let path = NSTemporaryDirectory() + "bonesim-lock-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test("a second writer of the same folder is refused and the first one's staging survives")
  func secondWriterRefused() throws {
    let parent = Self.scratch("second")
    defer { try? FileManager.default.removeItem(atPath: parent) }
    let target = parent + "/out"
    let first = try StagedDirectory(target: target, ownedNames: ["a.csv"])
    try Data("first\n".utf8).write(to: URL(fileURLWithPath: first.staging + "/a.csv"))
    do {
      _ = try StagedDirectory(target: target, ownedNames: ["a.csv"])
      Issue.record("the second writer was not refused")
    } catch let error as AtomicFile.WriteError {
      #expect("\(error)".contains("another bonesim process is writing this folder"))
    }
    #expect(FileManager.default.fileExists(atPath: first.staging + "/a.csv"), "the live writer's staging folder was deleted")
    try first.publish()
    #expect(try String(contentsOfFile: target + "/a.csv", encoding: .utf8) == "first\n")
  }

  @Test("staging names differ between writers and carry host, PID and a random part")
  func uniqueNames() throws {
    let parent = Self.scratch("names")
    defer { try? FileManager.default.removeItem(atPath: parent) }
    var names: Set<String> = []
    for i in 0..<20 {
      let s = try StagedDirectory(target: parent + "/out\(i % 2)", ownedNames: [])
      let last = s.staging.split(separator: "/").last.map(String.init) ?? ""
      #expect(last.contains("-\(getpid())-"))
      names.insert(String(last.drop { $0 != "-" }))
      s.discard()
    }
    #expect(names.count == 20, "staging suffixes repeated: \(names.count) distinct of 20")
  }

  @Test("once the writer is gone, its folder is free and its leftovers are cleared")
  func staleCleared() throws {
    let parent = Self.scratch("stale")
    defer { try? FileManager.default.removeItem(atPath: parent) }
    // A killed writer on another node (PID 1 in its container) left its staging folder.
    let leftover = parent + "/.out.partial-othernode-1-0badcafe"
    try FileManager.default.createDirectory(atPath: leftover, withIntermediateDirectories: true)
    do {
      let s = try StagedDirectory(target: parent + "/out", ownedNames: [])
      #expect(!FileManager.default.fileExists(atPath: leftover))
      try s.publish()
    }
    let again = try StagedDirectory(target: parent + "/out", ownedNames: [])
    try again.publish()
    #expect(FileManager.default.fileExists(atPath: parent + "/out"))
  }
}
