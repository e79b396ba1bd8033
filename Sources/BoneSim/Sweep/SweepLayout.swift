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

  /// Lock file inside a sweep's folder, held while a sweep writes it (removed when it ends).
  public static let lockFile = ".bonesim-sweep.lock"

  /// Checks that what a new sweep would replace in `directory` was written by a BoneSim sweep,
  /// and returns the top-level files the previous sweep's manifest lists (to be removed, so
  /// that no stale `patients.csv` or `failed_patients.csv` survives a sweep that does not
  /// write it). Throws, touching nothing, when `manifest.json` is not a BoneSim sweep's or
  /// `points/` holds anything but numbered point folders.
  static func previousSweepFiles(in directory: String) throws -> [String] {
    func foreign(_ what: String) -> AtomicFile.WriteError {
      AtomicFile.WriteError(
        path: PathName.join(directory, what),
        reason: "it was not written by a bonesim sweep, and a sweep would replace it; choose a new or empty folder for --out")
    }
    let fm = FileManager.default
    var files: [String] = []
    let manifestPath = PathName.join(directory, RunOutputs.manifestFile)
    if fm.fileExists(atPath: manifestPath) {
      guard let data = fm.contents(atPath: manifestPath),
        let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        (json["tool"] as? [String: Any])?["name"] as? String == "bonesim", json["sweep"] != nil
      else { throw foreign(RunOutputs.manifestFile) }
      for record in json["files"] as? [[String: Any]] ?? [] {
        if let path = record["path"] as? String, !path.contains("/"), path != "..", path != "." { files.append(path) }
      }
    }
    let pointsPath = PathName.join(directory, pointsFolder)
    var isDirectory: ObjCBool = false
    var hasPoints = false
    if fm.fileExists(atPath: pointsPath, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw foreign(pointsFolder) }
      for entry in (try? fm.contentsOfDirectory(atPath: pointsPath)) ?? [] {
        guard Int(entry) != nil else { throw foreign("\(pointsFolder)/\(entry)") }
        hasPoints = hasPoints || fm.fileExists(atPath: PathName.join(PathName.join(pointsPath, entry), RunOutputs.manifestFile))
      }
    }
    // A top-level file with an output's name that no BoneSim manifest lists is the user's,
    // unless the folder holds a sweep's points (a sweep killed between writing its CSVs and
    // its manifest leaves exactly that, and must be resumable).
    if !hasPoints,
      let first = WrittenFiles.unproven(in: directory, names: Set(csvFiles(perPatient: true) + optionalFiles + [RunOutputs.manifestFile])).first
    {
      throw foreign(first)
    }
    return files
  }

  /// Removes temporary files (`.<name>.partial-<pid>`) that a killed process left in `directory`.
  static func removePartials(in directory: String) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    for name in names where name.hasPrefix(".") && name.contains(".partial-") {
      try? FileManager.default.removeItem(atPath: PathName.join(directory, name))
    }
  }
}
