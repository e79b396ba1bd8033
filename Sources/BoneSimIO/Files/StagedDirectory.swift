import Foundation

/// An output folder built whole under a hidden sibling name (`.<name>.partial-<host>-<pid>-<random>`) and
/// renamed into place only when every file in it, `manifest.json` last, is complete: readers
/// see either no folder, the previous complete folder, or the new complete folder, never a
/// mixture and never a truncated file, even if the process is killed (SIGKILL) at any moment.
///
/// Replacing an existing folder takes two renames (old folder aside, new one in); a kill
/// between them leaves no folder at `target` (and the old one under `.<name>.replaced-…`,
/// which is kept).
/// Files in the old folder that the run did not write (notes, plots) are moved into the new
/// one. A file there with the name of an output is replaced only when the old folder's
/// BoneSim manifest lists it with its present size and SHA-256 (`WrittenFiles`); otherwise
/// it is the user's, and the run refuses to start.
///
/// A target that is a symbolic link is resolved first: the folder it points to is replaced
/// and the link is left as it is.
///
/// One writer per folder: the writer holds an exclusive advisory lock (flock(2)) on
/// `.<name>.lock` beside the folder from creation until it is dropped, so a second process
/// (another container, another NFS client) writing the same folder fails at once with a clear
/// message instead of mixing files. Staging names carry host, PID and a random part, so they
/// never collide across containers (all PID 1) or nodes; staging folders left by killed
/// writers are removed only while the lock is held, when no writer can be using them.
public struct StagedDirectory: Sendable {
  /// Where the outputs appear.
  public let target: String
  /// Where they are written until `publish()`.
  public let staging: String
  /// Names of files this kind of run writes: a previous run's copies are never carried over
  /// into the new folder, even when the new run does not write them (a `failed_patients.csv`
  /// from an earlier run).
  public let ownedNames: Set<String>
  /// The lock on `.<name>.lock`, held for as long as any copy of this value lives.
  let lock: DirectoryLock

  /// Creates the staging folder (and `target`'s parent folders).
  public init(target: String, ownedNames: Set<String>) throws {
    self.ownedNames = ownedNames
    var trimmed = PathName.withoutTrailingSlashes(target)
    // A symlink to a folder: the folder it points to is replaced, the link stays.
    var info = stat()
    if lstat(trimmed, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
      guard let resolved = RealPath.resolve(trimmed) else {
        throw AtomicFile.WriteError(path: trimmed + "/", reason: "it is a symbolic link to nothing; remove it or point it at a folder")
      }
      trimmed = resolved
    }
    self.target = trimmed
    let parent = PathName.parent(trimmed)
    let name = PathName.lastComponent(trimmed)
    // The folder is replaced as a whole by a rename, which needs a name of its own in its parent.
    if name == "." || name == ".." || name == "/" {
      throw AtomicFile.WriteError(
        path: target, reason: "name the output folder itself, not '.', '..' or '/' (for example results/my_run)")
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: trimmed, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw AtomicFile.WriteError(path: trimmed + "/", reason: "a file of that name exists (not a folder)")
    }
    if let reason = Self.makeDirectories(parent) { throw AtomicFile.WriteError(path: trimmed + "/", reason: reason) }
    lock = try DirectoryLock(path: PathName.join(parent, ".\(name).lock"), folder: trimmed)
    let foreign = WrittenFiles.unproven(in: trimmed, names: ownedNames)
    if !foreign.isEmpty {
      let list = foreign.joined(separator: ", ")
      throw AtomicFile.WriteError(
        path: trimmed + "/",
        reason:
          "\(list) \(foreign.count == 1 ? "is" : "are") not BoneSim's (no BoneSim manifest.json in the folder lists \(foreign.count == 1 ? "it" : "them") as \(foreign.count == 1 ? "it is" : "they are") now), and this run would replace \(foreign.count == 1 ? "it" : "them"); move \(foreign.count == 1 ? "it" : "them") away or choose another --out")
    }
    if lock.held { Self.removeStale(in: parent, name: name) }
    var created: String?
    for _ in 0..<8 {
      let candidate = PathName.join(parent, ".\(name).partial-\(Self.uniqueSuffix())")
      if mkdir(candidate, 0o755) == 0 { created = candidate; break }
      guard errno == EEXIST else { break }
    }
    guard let created else {
      throw AtomicFile.WriteError(path: trimmed + "/", reason: "cannot create a folder in \(parent): \(String(cString: strerror(errno)))")
    }
    staging = created
  }

  /// `<host>-<pid>-<8 hex digits>`: unique across containers, nodes and runs.
  static func uniqueSuffix() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    let host =
      gethostname(&buffer, buffer.count - 1) == 0
      ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "host"
    let safe = String(host.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "-" }.prefix(40))
    let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    return "\(safe.isEmpty ? "host" : safe)-\(getpid())-\(String(repeating: "0", count: 8 - random.count))\(random)"
  }

  /// Moves the complete staging folder to `target`.
  public func publish() throws {
    func fail(_ what: String) -> AtomicFile.WriteError {
      AtomicFile.WriteError(path: target + "/", reason: "\(what): \(String(cString: strerror(errno)))")
    }
    // rename(2) replaces an empty folder atomically; a missing target is the simple case.
    FaultPoint.reached(.rename)
    if rename(staging, target) == 0 { return }
    guard errno == ENOTEMPTY || errno == EEXIST else { throw fail("cannot move \(staging) into place") }
    let old = PathName.join(PathName.parent(target), ".\(PathName.lastComponent(target)).replaced-\(Self.uniqueSuffix())")
    FaultPoint.reached(.rename)
    guard rename(target, old) == 0 else { throw fail("cannot move the previous \(target) aside") }
    FaultPoint.reached(.rename)
    guard rename(staging, target) == 0 else {
      let error = fail("cannot move \(staging) into place")
      _ = rename(old, target)
      throw error
    }
    // Keep what the run did not write.
    let written = Set((try? FileManager.default.contentsOfDirectory(atPath: target)) ?? [])
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: old)) ?? [] where !written.contains(entry) {
      if ownedNames.contains(entry) { continue }
      _ = rename(PathName.join(old, entry), PathName.join(target, entry))
    }
    try? FileManager.default.removeItem(atPath: old)
  }

  /// Removes the staging folder and everything in it.
  public func discard() { try? FileManager.default.removeItem(atPath: staging) }

  /// `mkdir -p`; returns the reason on failure ("Not a directory", "Permission denied").
  public static func makeDirectories(_ path: String) -> String? {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      return isDirectory.boolValue ? nil : "\(path) is a file, not a folder"
    }
    let parent = PathName.parent(path)
    if !parent.isEmpty, parent != path, let reason = makeDirectories(parent) { return reason }
    if mkdir(path, 0o755) == 0 || errno == EEXIST { return nil }
    return "cannot create folder \(path): \(String(cString: strerror(errno)))"
  }

  /// Removes `.<name>.partial-…` folders of earlier writers; called only with the lock held,
  /// so none of them belongs to a live writer. (A `.replaced-` folder holds a previous complete
  /// result and is left for the user.)
  static func removeStale(in parent: String, name: String) {
    let marker = ".\(name).partial-"
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix(marker) {
      try? FileManager.default.removeItem(atPath: PathName.join(parent, entry))
    }
  }
}
