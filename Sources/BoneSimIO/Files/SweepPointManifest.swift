import Foundation

/// `points/<i>/manifest.json`: one design point's files and what produced them. Written
/// last, after every file of the point is renamed into place, so its presence means the
/// point is complete; `--resume` and `bonesim merge` trust a point only if every checksum
/// here matches the bytes on disk.
public struct SweepPointManifest: Codable, Sendable {
  /// 0-based design point index.
  public var designPoint: Int
  /// SHA-256 of the sweep file's bytes.
  public var sweepSha256: String
  /// SHA-256 of the scenario after this point's values were applied (resolved JSON).
  public var resolvedSha256: String
  /// BoneSim version that wrote the point.
  public var version: String
  /// Patient × arm × day outputs of this point that were not finite.
  public var nonFiniteValues: Int
  public var files: [Manifest.FileRecord]

  public init(
    designPoint: Int, sweepSha256: String, resolvedSha256: String, version: String, nonFiniteValues: Int,
    files: [Manifest.FileRecord]
  ) {
    self.designPoint = designPoint
    self.sweepSha256 = sweepSha256
    self.resolvedSha256 = resolvedSha256
    self.version = version
    self.nonFiniteValues = nonFiniteValues
    self.files = files
  }

  /// Pretty, key-sorted JSON with a final newline.
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }
}
