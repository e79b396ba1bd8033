import BoneSimIO
import BoneSimScenario
import Foundation

/// Whether a design point's folder holds a complete, intact result.
enum SweepPointCheck {
  enum State {
    /// No manifest (never started, or killed before the point finished).
    case absent
    /// Manifest present and every listed file matches its checksum.
    case complete(SweepPointManifest)
    /// Manifest present but a file is missing, unreadable or differs from its checksum.
    case damaged(String)
  }

  /// Reads `points/<i>/manifest.json` and checks every file it lists against its size and SHA-256.
  static func state(of directory: String, point: Int) -> State {
    let folder = SweepLayout.pointDirectory(directory, point)
    let manifestPath = PathName.join(folder, RunOutputs.manifestFile)
    guard let data = FileManager.default.contents(atPath: manifestPath) else { return .absent }
    guard let manifest = try? JSONDecoder().decode(SweepPointManifest.self, from: data) else {
      return .damaged("\(manifestPath) is not a design-point manifest")
    }
    guard manifest.designPoint == point else {
      return .damaged("\(manifestPath) is for design point \(manifest.designPoint), expected \(point)")
    }
    for file in manifest.files {
      let path = PathName.join(folder, file.path)
      guard let bytes = FileManager.default.contents(atPath: path) else { return .damaged("\(path) is missing") }
      let digest = sha256Hex(bytes)
      guard bytes.count == file.bytes, digest == file.sha256 else {
        return .damaged("\(path) has sha256 \(digest) (\(bytes.count) bytes) but its manifest says \(file.sha256) (\(file.bytes) bytes)")
      }
    }
    return .complete(manifest)
  }

  /// The point's files are exactly the CSVs this sweep writes.
  static func hasFiles(_ manifest: SweepPointManifest, perPatient: Bool) -> Bool {
    Set(manifest.files.map(\.path)).subtracting(SweepLayout.optionalFiles) == Set(SweepLayout.csvFiles(perPatient: perPatient))
  }
}
