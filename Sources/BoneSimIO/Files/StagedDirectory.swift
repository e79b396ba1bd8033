import Foundation

/// An output folder built whole under a hidden sibling name (`.<name>.partial-<pid>`) and
/// renamed into place only when every file in it, `manifest.json` last, is complete: readers
/// see either no folder, the previous complete folder, or the new complete folder, never a
/// mixture and never a truncated file, even if the process is killed (SIGKILL) at any moment.
///
/// Replacing an existing folder takes two renames (old folder aside, new one in); a kill
/// between them leaves no folder at `target` (and the old one under `.<name>.replaced-<pid>`,
/// which is kept).
/// Files in the old folder that the run did not write (notes, plots) are moved into the new
/// one. Stale staging folders of processes that no longer exist are removed on the next run.
public struct StagedDirectory: Sendable {
  /// Where the outputs appear.
  public let target: String
  /// Where they are written until `publish()`.
  public let staging: String
  /// Names of files this kind of run writes: a previous run's copies are never carried over
  /// into the new folder, even when the new run does not write them (a `failed_patients.csv`
  /// from an earlier run).
  public let ownedNames: Set<String>

  /// Creates the staging folder (and `target`'s parent folders).
  public init(target: String, ownedNames: Set<String>) throws {
    self.ownedNames = ownedNames
    let trimmed = target.count > 1 && target.hasSuffix("/") ? String(target.dropLast()) : target
    self.target = trimmed
    let parent = (trimmed as NSString).deletingLastPathComponent.isEmpty ? "." : (trimmed as NSString).deletingLastPathComponent
    let name = (trimmed as NSString).lastPathComponent
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: trimmed, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw AtomicFile.WriteError(path: trimmed + "/", reason: "a file of that name exists (not a folder)")
    }
    if let reason = Self.makeDirectories(parent) { throw AtomicFile.WriteError(path: trimmed + "/", reason: reason) }
    Self.removeStale(in: parent, name: name)
    staging = (parent as NSString).appendingPathComponent(".\(name).partial-\(getpid())")
    try? FileManager.default.removeItem(atPath: staging)
    guard mkdir(staging, 0o755) == 0 else {
      throw AtomicFile.WriteError(path: trimmed + "/", reason: "cannot create a folder in \(parent): \(String(cString: strerror(errno)))")
    }
  }

  /// Moves the complete staging folder to `target`.
  public func publish() throws {
    func fail(_ what: String) -> AtomicFile.WriteError {
      AtomicFile.WriteError(path: target + "/", reason: "\(what): \(String(cString: strerror(errno)))")
    }
    // rename(2) replaces an empty folder atomically; a missing target is the simple case.
    if rename(staging, target) == 0 { return }
    guard errno == ENOTEMPTY || errno == EEXIST else { throw fail("cannot move \(staging) into place") }
    let old = ((target as NSString).deletingLastPathComponent as NSString)
      .appendingPathComponent(".\((target as NSString).lastPathComponent).replaced-\(getpid())")
    try? FileManager.default.removeItem(atPath: old)
    guard rename(target, old) == 0 else { throw fail("cannot move the previous \(target) aside") }
    guard rename(staging, target) == 0 else {
      let error = fail("cannot move \(staging) into place")
      _ = rename(old, target)
      throw error
    }
    // Keep what the run did not write.
    let written = Set((try? FileManager.default.contentsOfDirectory(atPath: target)) ?? [])
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: old)) ?? [] where !written.contains(entry) {
      if ownedNames.contains(entry) { continue }
      _ = rename((old as NSString).appendingPathComponent(entry), (target as NSString).appendingPathComponent(entry))
    }
    try? FileManager.default.removeItem(atPath: old)
  }

  /// Removes the staging folder and everything in it.
  public func discard() { try? FileManager.default.removeItem(atPath: staging) }

  /// `mkdir -p`; returns the reason on failure ("Not a directory", "Permission denied").
  static func makeDirectories(_ path: String) -> String? {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      return isDirectory.boolValue ? nil : "\(path) is a file, not a folder"
    }
    let parent = (path as NSString).deletingLastPathComponent
    if !parent.isEmpty, parent != path, let reason = makeDirectories(parent) { return reason }
    if mkdir(path, 0o755) == 0 || errno == EEXIST { return nil }
    return "cannot create folder \(path): \(String(cString: strerror(errno)))"
  }

  /// Removes `.<name>.partial-<pid>` folders whose process is gone (a `.replaced-` folder
  /// holds a previous complete result and is left for the user).
  static func removeStale(in parent: String, name: String) {
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] {
      for marker in [".\(name).partial-"] where entry.hasPrefix(marker) {
        guard let pid = Int32(entry.dropFirst(marker.count)), pid != getpid() else { continue }
        if kill(pid, 0) != 0 && errno == ESRCH {
          try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(entry))
        }
      }
    }
  }
}
