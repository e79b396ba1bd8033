import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A file written in pieces under a temporary name and renamed when complete, counting
/// lines and hashing bytes as they go (for the manifest).
///
/// Until `commit()` the target path is untouched; `discard()` (or a failed run) removes the
/// temporary file, so readers never see a partial output. Write errors name the file and the
/// system's reason ("cannot write out/summary.csv: No space left on device").
public final class StreamingFile {
  public let path: String
  /// The path named in error messages (the final place when `path` is inside a staging folder).
  public let reportedPath: String
  let temporaryPath: String
  let descriptor: Int32
  var closed = false
  var buffer = Data()
  var hasher = SHA256()
  /// Lines written so far (header included).
  public private(set) var lines = 0
  public private(set) var bytes = 0
  /// Bytes buffered before a write to disk.
  static let flushThreshold = 1 << 20

  public init(path: String, reportedPath: String? = nil) throws {
    self.path = path
    self.reportedPath = reportedPath ?? path
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw AtomicFile.WriteError(path: self.reportedPath, reason: "cannot create directory \(directory.path)")
    }
    temporaryPath = directory.appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
    descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw AtomicFile.WriteError(path: self.reportedPath, reason: String(cString: strerror(errno)))
    }
  }

  deinit { if !closed { _ = close(descriptor) } }

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
    if case .failure(let code) = FaultPoint.reached(.write) {
      throw AtomicFile.WriteError(path: reportedPath, reason: String(cString: strerror(code)))
    }
    try buffer.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { throw AtomicFile.WriteError(path: reportedPath, reason: String(cString: strerror(n < 0 ? errno : ENOSPC))) }
        offset += n
      }
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Hex SHA-256 of everything written.
  public var sha256: String { hex(hasher.finalize()) }

  /// Flushes, syncs, closes and renames over the target.
  public func commit() throws {
    try flush()
    // fsync before rename: after a power loss the name never points at missing blocks.
    guard fsync(descriptor) == 0 || errno == EINVAL else {
      throw AtomicFile.WriteError(path: reportedPath, reason: String(cString: strerror(errno)))
    }
    closed = true
    guard close(descriptor) == 0 else {
      throw AtomicFile.WriteError(path: reportedPath, reason: String(cString: strerror(errno)))
    }
    FaultPoint.reached(.rename)
    guard rename(temporaryPath, path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(atPath: temporaryPath)
      throw AtomicFile.WriteError(path: reportedPath, reason: reason)
    }
  }

  /// Closes and removes the temporary file.
  public func discard() {
    if !closed {
      closed = true
      _ = close(descriptor)
    }
    try? FileManager.default.removeItem(atPath: temporaryPath)
  }
}

/// SHA-256 of bytes as lowercase hex.
public func sha256Hex(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

/// A digest as lowercase hex.
func hex(_ digest: SHA256.Digest) -> String { digest.map { String(format: "%02x", $0) }.joined() }
