import BoneSimIO
import Foundation

/// The git commit BoneSim itself was built from, for the manifest (`tool.gitCommit`): the
/// commit checked out in the BoneSim source tree that holds the running executable
/// (`.build/release/bonesim` lies inside it), with `+modified` when tracked files differ from
/// that commit, or `unknown` when the executable is not inside a BoneSim checkout (installed
/// elsewhere, or git missing). Never the commit of the folder the user runs it from: a study's
/// own repository says nothing about which BoneSim computed its numbers.
enum BuildCommit {
  /// Computed once per process.
  static let current: String = {
    guard let checkout = sourceTree(of: executablePath()) else { return "unknown" }
    guard let head = git(["-C", checkout, "rev-parse", "HEAD"]), head.count == 40 else { return "unknown" }
    let changes = git(["-C", checkout, "status", "--porcelain", "--untracked-files=no"])
    return changes.map { $0.isEmpty ? head : head + "+modified" } ?? head
  }()

  /// The running executable, symlinks resolved.
  static func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
  }

  /// The nearest folder above `path` with BoneSim's Package.swift and a `.git`.
  static func sourceTree(of path: String) -> String? {
    var folder = PathName.parent(path)
    while true {
      let manifest = PathName.join(folder, "Package.swift")
      if FileManager.default.fileExists(atPath: PathName.join(folder, ".git")),
        let text = try? String(contentsOfFile: manifest, encoding: .utf8), text.contains("name: \"BoneSim\"")
      {
        return folder
      }
      let parent = PathName.parent(folder)
      if parent == folder || folder == "." || folder.isEmpty { return nil }
      folder = parent
    }
  }

  /// `git ARGS` standard output, trimmed; nil if git fails or is missing.
  static func git(_ arguments: [String]) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch { return nil }
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
