import Foundation

/// Writes a file so that readers see either nothing or the complete file: the bytes go to a
/// temporary name in the same directory, which is renamed over the target when complete.
public enum AtomicFile {
  public struct WriteError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot write \(path): \(reason)" }
    public init(path: String, reason: String) {
      self.path = path
      self.reason = reason
    }
  }

  /// Writes `contents` to `path`, creating parent directories; errors name `reportedPath`
  /// (default `path`) and the system's reason.
  public static func write(_ contents: String, to path: String, reportedPath: String? = nil) throws {
    let file = try StreamingFile(path: path, reportedPath: reportedPath)
    do {
      try file.write(contents)
      try file.commit()
    } catch {
      file.discard()
      throw error
    }
  }
}
