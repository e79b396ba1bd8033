import Foundation

/// An exclusive advisory lock (flock(2)) on a lock file, held until the value is dropped; the
/// holder removes the file as it lets go.
///
/// Removing a lock file is safe only with a check on the taker's side: after flock succeeds,
/// the taker makes sure the path still names the inode it locked (a holder may have removed
/// it in between) and otherwise starts again on the new file.
///
/// flock works across processes on one machine and, on Linux NFS clients (v4, and v3 with
/// lockd), across nodes. Where the file system has no locks at all (`ENOLCK`), the lock is not
/// held (`held == false`) and the caller goes on without it rather than refusing to write.
public final class DirectoryLock: Sendable {
  /// The lock file's descriptor (−1 when no lock is held).
  let descriptor: Int32
  /// The lock file.
  let path: String
  /// Whether this process holds the lock.
  public var held: Bool { descriptor >= 0 }

  /// Takes the lock on `path` (created if missing) for writing `folder`; throws when another
  /// process holds it.
  public init(path: String, folder: String) throws {
    self.path = path
    var code: Int32 = 0
    for _ in 0..<100 {
      let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
      guard fd >= 0 else {
        throw AtomicFile.WriteError(
          path: folder + "/", reason: "cannot create files in \(PathName.parent(path)): \(String(cString: strerror(errno)))")
      }
      if flock(fd, LOCK_EX | LOCK_NB) == 0 {
        var locked = stat(), current = stat()
        if fstat(fd, &locked) == 0, stat(path, &current) == 0, locked.st_ino == current.st_ino, locked.st_dev == current.st_dev {
          descriptor = fd
          return
        }
        close(fd)  // the holder removed the file as we locked it: lock the new one
        continue
      }
      code = errno
      close(fd)
      break
    }
    if code == ENOLCK || code == EOPNOTSUPP || code == 0 {
      descriptor = -1
      return
    }
    if code == EWOULDBLOCK {
      throw AtomicFile.WriteError(
        path: folder + "/",
        reason: "another bonesim process is writing this folder (it holds \(path)); wait for it to finish or choose another --out")
    }
    throw AtomicFile.WriteError(path: folder + "/", reason: "cannot lock \(path): \(String(cString: strerror(code)))")
  }

  deinit {
    guard descriptor >= 0 else { return }
    unlink(path)
    close(descriptor)
  }
}
