import BoneSimIO
import Foundation

/// Where a sweep's files live in its output folder.
///
/// Each design point is written to `points/<i>/` (design.csv, summary.csv, effects.csv, and
/// with --per-patient patients.csv and patients_covariates.csv, each with its header, then
/// manifest.json last). The top-level CSVs are always assembled from those, in design-point
/// order, so a one-process sweep, a resumed sweep and a merge of shards give the same bytes.
public enum SweepLayout {
  public static let pointsFolder = "points"
  public static let designFile = "design.csv"

  /// `DIR/points/<i>`.
  public static func pointDirectory(_ directory: String, _ point: Int) -> String {
    PathName.join(PathName.join(directory, pointsFolder), String(point))
  }

  /// The CSV files of a sweep folder and of each point, in the order they are assembled.
  public static func csvFiles(perPatient: Bool) -> [String] {
    [designFile, RunOutputs.summaryFile, RunOutputs.effectsFile]
      + (perPatient ? [RunOutputs.patientsFile, RunOutputs.covariatesFile] : [])
  }

  /// Files a point has only sometimes (patients flagged for leaving their bounds); assembled
  /// from the points that have them, not written when none does.
  public static let optionalFiles = [FailedPatient.fileName]

  /// Removes temporary files (`.<name>.partial-<pid>`) that a killed process left in `directory`.
  static func removePartials(in directory: String) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    for name in names where name.hasPrefix(".") && name.contains(".partial-") {
      try? FileManager.default.removeItem(atPath: PathName.join(directory, name))
    }
  }
}
