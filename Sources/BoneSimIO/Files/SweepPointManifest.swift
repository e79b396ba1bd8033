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
  /// What the point was computed from (`inputSha256(sweepSha:scenarioSha:values:)`): the
  /// same sweep file, base scenario and design values give the same hash whatever the paths.
  public var inputSha256: String
  /// BoneSim version that wrote the point.
  public var version: String
  /// Patient × arm × day outputs of this point that were not finite.
  public var nonFiniteValues: Int
  public var files: [Manifest.FileRecord]
  /// Patients of this point flagged for leaving their physiological bounds (its failed_patients.csv).
  public var failedPatients: Int?
  /// The point's CSV columns, as in `Manifest.columns`.
  public var columns: [String: [OutputColumn]]?
  /// Serum levels outside the physiological range for women, per arm (as in `Manifest`).
  public var exposureFlags: [ExposureFlag]? = nil
  /// Dosing-interval statistics written and their windows (as in `Manifest`).
  public var intervalStatistics: [IntervalStatisticRecord]? = nil
  /// T- and Z-score outputs written and their references (as in `Manifest`).
  public var scoreReferences: [String: String]? = nil

  public init(
    designPoint: Int, sweepSha256: String, inputSha256: String, version: String, nonFiniteValues: Int,
    files: [Manifest.FileRecord], failedPatients: Int? = nil, columns: [String: [OutputColumn]]? = nil
  ) {
    self.failedPatients = failedPatients
    self.columns = columns
    self.designPoint = designPoint
    self.sweepSha256 = sweepSha256
    self.inputSha256 = inputSha256
    self.version = version
    self.nonFiniteValues = nonFiniteValues
    self.files = files
  }

  /// SHA-256 of the sweep file's and base scenario's SHA-256 and the point's values, one a line.
  public static func inputSha256(sweepSha: String, scenarioSha: String, values: [String]) -> String {
    sha256Hex(Data(([sweepSha, scenarioSha] + values).map { $0 + "\n" }.joined().utf8))
  }

  /// Pretty, key-sorted JSON with a final newline.
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }
}
