import Crypto
import Foundation

/// A file written in pieces under a temporary name and renamed when complete, counting
/// lines and hashing bytes as they go (for the manifest).
///
/// Until `commit()` the target path is untouched; `discard()` (or a failed run) removes the
/// temporary file, so readers never see a partial output.
public final class StreamingFile {
  public let path: String
  let temporaryPath: String
  let handle: FileHandle
  var buffer = Data()
  var hasher = SHA256()
  /// Lines written so far (header included).
  public private(set) var lines = 0
  public private(set) var bytes = 0
  /// Bytes buffered before a write to disk.
  static let flushThreshold = 1 << 20

  public init(path: String) throws {
    self.path = path
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw AtomicFile.WriteError(path: path, reason: "cannot create directory \(directory.path)")
    }
    temporaryPath = directory.appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
    guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporaryPath)
    else {
      throw AtomicFile.WriteError(path: path, reason: "directory not writable or disk full")
    }
    self.handle = handle
  }

  /// Appends text (one or more complete lines).
  public func write(_ text: String) throws {
    let data = Data(text.utf8)
    buffer.append(data)
    hasher.update(data: data)
    bytes += data.count
    lines += text.utf8.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    if buffer.count >= Self.flushThreshold { try flush() }
  }

  func flush() throws {
    guard !buffer.isEmpty else { return }
    do { try handle.write(contentsOf: buffer) } catch {
      throw AtomicFile.WriteError(path: path, reason: "write failed: \(error)")
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Hex SHA-256 of everything written.
  public var sha256: String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }

  /// Flushes, closes and renames over the target.
  public func commit() throws {
    try flush()
    try handle.close()
    guard rename(temporaryPath, path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(atPath: temporaryPath)
      throw AtomicFile.WriteError(path: path, reason: reason)
    }
  }

  /// Closes and removes the temporary file.
  public func discard() {
    try? handle.close()
    try? FileManager.default.removeItem(atPath: temporaryPath)
  }
}

/// SHA-256 of bytes as lowercase hex.
public func sha256Hex(_ data: Data) -> String {
  SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}
