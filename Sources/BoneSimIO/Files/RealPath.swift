import Foundation

/// Paths resolved on disk: symbolic links followed, `.` and `..` removed, relative to `/`.
///
/// Two spellings name the same folder when their real paths are equal, whatever symlinks
/// (a cluster's `/scratch` link, a link made by the user) lie on the way; comparing the
/// strings as typed is what let `merge --out` through a symlink delete a shard's points.
public enum RealPath {
  /// The real path of `path`. When `path` does not exist yet, its deepest existing ancestor
  /// is resolved and the rest appended as typed (so a folder about to be created compares
  /// correctly too).
  public static func of(_ path: String) -> String {
    var missing: [String] = []
    var current = PathName.withoutTrailingSlashes(path.isEmpty ? "." : path)
    while true {
      if let resolved = resolve(current) {
        return missing.reversed().reduce(resolved) { PathName.join($0, $1) }
      }
      let parent = PathName.parent(current)
      // Nothing on the way exists (cannot happen for relative paths: "." exists).
      if parent == current { return path }
      missing.append(PathName.lastComponent(current))
      current = parent
    }
  }

  /// Whether `inner` is `outer` or lies inside it (both as real paths).
  public static func contains(_ outer: String, _ inner: String) -> Bool {
    inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
  }

  /// realpath(3), or nil when `path` does not exist.
  static func resolve(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
  }
}
