import Crypto
import Foundation

/// Which files in an existing output folder BoneSim provably wrote: those its `manifest.json`
/// (a BoneSim manifest) lists with the same size and SHA-256. A run replaces only those;
/// a file of an output's name that no manifest proves is the user's, and the run refuses to
/// start rather than delete it.
public enum WrittenFiles {
  /// Entries of `folder` named in `names` that BoneSim did not provably write: a file not
  /// listed (or changed since), a `manifest.json` that is not BoneSim's, a folder (say
  /// `points/`) in a folder without a BoneSim manifest. Empty when `folder` does not exist.
  public static func unproven(in folder: String, names: Set<String>) -> [String] {
    let fm = FileManager.default
    let present = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter(names.contains)
    guard !present.isEmpty else { return [] }
    let manifestName = "manifest.json"
    var listed: [String: (bytes: Int, sha256: String)] = [:]
    var isBoneSim = false
    if let data = fm.contents(atPath: PathName.join(folder, manifestName)),
      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      (json["tool"] as? [String: Any])?["name"] as? String == "bonesim"
    {
      isBoneSim = true
      for record in json["files"] as? [[String: Any]] ?? [] {
        if let path = record["path"] as? String, let bytes = record["bytes"] as? Int, let sha = record["sha256"] as? String {
          listed[path] = (bytes, sha)
        }
      }
    }
    return present.sorted().filter { name in
      if name == manifestName { return !isBoneSim }
      let path = PathName.join(folder, name)
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
      if isDirectory.boolValue { return !isBoneSim }
      guard let record = listed[name] else { return true }
      return !matches(path, bytes: record.bytes, sha256: record.sha256)
    }
  }

  /// Whether the file at `path` has `bytes` bytes and SHA-256 `sha256` (read in 1 MiB pieces).
  static func matches(_ path: String, bytes: Int, sha256: String) -> Bool {
    guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size == bytes,
      let handle = FileHandle(forReadingAtPath: path)
    else { return false }
    defer { try? handle.close() }
    var hasher = SHA256()
    while let piece = try? handle.read(upToCount: 1 << 20), !piece.isEmpty { hasher.update(data: piece) }
    return hex(hasher.finalize()) == sha256
  }
}
