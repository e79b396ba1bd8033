/// What a sweep output folder holds, in its `manifest.json` (key `sweep`): which sweep, and
/// which contiguous range of its design points. `bonesim merge` checks these before joining
/// shards.
public struct SweepRecord: Codable, Sendable, Equatable {
  /// The sweep file as given.
  public var source: String
  /// SHA-256 of the sweep file's bytes.
  public var sha256: String
  /// SHA-256 of the base scenario file's bytes.
  public var scenarioSha256: String
  /// Design points in the whole sweep.
  public var designPoints: Int
  /// This folder's design points: `first ..< end` (0-based, end exclusive).
  public var first: Int
  public var end: Int
  /// `I/N` (1-based) for a shard, `1/1` for a whole or merged sweep.
  public var shard: String
  /// Whether patients.csv and patients_covariates.csv were written.
  public var perPatient: Bool

  public init(
    source: String, sha256: String, scenarioSha256: String, designPoints: Int, first: Int, end: Int, shard: String,
    perPatient: Bool
  ) {
    self.source = source
    self.sha256 = sha256
    self.scenarioSha256 = scenarioSha256
    self.designPoints = designPoints
    self.first = first
    self.end = end
    self.shard = shard
    self.perPatient = perPatient
  }
}
