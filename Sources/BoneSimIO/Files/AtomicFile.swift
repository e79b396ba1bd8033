import Foundation

/// Writes a file so that readers see either nothing or the complete file: the bytes go to a
/// temporary name in the same directory, which is renamed over the target when complete.
public enum AtomicFile {
  public struct WriteError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot write \(path): \(reason)" }
  }

  /// Writes `contents` to `path`, creating parent directories.
  public static func write(_ contents: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw WriteError(path: path, reason: "cannot create directory \(directory.path)")
    }
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
    guard FileManager.default.createFile(atPath: temporary.path, contents: Data(contents.utf8)) else {
      throw WriteError(path: path, reason: "directory not writable or disk full")
    }
    guard rename(temporary.path, url.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw WriteError(path: path, reason: reason)
    }
  }
}
