/// Path arithmetic on plain strings.
///
/// Foundation's `NSString` path methods trap on one-character paths on Linux
/// (`bonesim run s.yaml --out x` crashed in `deletingLastPathComponent`), so every path that
/// comes from the command line or a scenario goes through these instead. They are lexical:
/// nothing is resolved on disk.
public enum PathName {
  /// The folder that holds `path`: `a/b` → `a`, `b` → `.`, `/b` → `/`, `a/b/` → `a`.
  public static func parent(_ path: String) -> String {
    let trimmed = withoutTrailingSlashes(path)
    guard let slash = trimmed.lastIndex(of: "/") else { return "." }
    let head = trimmed[..<slash]
    if head.isEmpty { return "/" }
    return withoutTrailingSlashes(String(head))
  }

  /// The last component: `a/b` → `b`, `a/b/` → `b`, `/` → `/`.
  public static func lastComponent(_ path: String) -> String {
    let trimmed = withoutTrailingSlashes(path)
    guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
    let tail = trimmed[trimmed.index(after: slash)...]
    return tail.isEmpty ? trimmed : String(tail)
  }

  /// `folder/name`, with exactly one slash between them (`name` when `folder` is empty).
  public static func join(_ folder: String, _ name: String) -> String {
    if folder.isEmpty { return name }
    return folder.hasSuffix("/") ? folder + name : folder + "/" + name
  }

  /// The last component without its extension: `runs/grid.yaml` → `grid`, `.hidden` → `.hidden`.
  public static func stem(_ path: String) -> String {
    let name = lastComponent(path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
    return String(name[..<dot])
  }

  /// `path` without trailing slashes, except that `/` stays `/`.
  public static func withoutTrailingSlashes(_ path: String) -> String {
    var s = Substring(path)
    while s.count > 1, s.hasSuffix("/") { s = s.dropLast() }
    return String(s)
  }
}
