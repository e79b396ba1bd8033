import BoneSimIO
import BoneSimScenario
import Foundation

/// `bonesim sweep --resume`: which design points of an interrupted sweep can be kept.
enum SweepResume {
  /// The points whose folder is complete (manifest present, every checksum matches, same
  /// files) and were written by this same sweep; damaged or partial points are rerun.
  /// Throws (nothing written) if the folder holds another sweep's results.
  static func completePoints(
    directory: String, sweepFile: String, sweepSha: String, expected: [(index: Int, inputSha: String)], perPatient: Bool
  ) throws -> [Int: SweepPointManifest] {
    var issues: [ScenarioIssue] = []
    func differentSweep(_ path: String, _ field: String, _ found: String, _ wanted: String, _ what: String) {
      issues.append(
        ScenarioIssue(
          SourcePosition(file: path, line: 1, column: 1), field: field,
          "\(what) \(found), but \(sweepFile) gives \(wanted): this folder holds a different sweep's results; "
            + "resume only the sweep that wrote it, or run without --resume"))
    }
    let top = PathName.join(directory, RunOutputs.manifestFile)
    if let data = FileManager.default.contents(atPath: top), let record = (try? JSONDecoder().decode(Manifest.self, from: data))?.sweep,
      record.sha256 != sweepSha
    {
      differentSweep(top, "sweep.sha256", record.sha256, sweepSha, "sweep file sha256 is")
    }
    var kept: [Int: SweepPointManifest] = [:]
    for (index, inputSha) in expected {
      guard case .complete(let manifest) = SweepPointCheck.state(of: directory, point: index) else { continue }
      let path = PathName.join(SweepLayout.pointDirectory(directory, index), RunOutputs.manifestFile)
      if manifest.sweepSha256 != sweepSha {
        differentSweep(path, "sweepSha256", manifest.sweepSha256, sweepSha, "sweep file sha256 is")
      } else if manifest.inputSha256 != inputSha {
        differentSweep(path, "inputSha256", manifest.inputSha256, inputSha, "design point \(index)'s input sha256 (sweep, base scenario, values) is")
      } else if SweepPointCheck.hasFiles(manifest, perPatient: perPatient), manifest.version == BoneSimVersion.current {
        // (A point written by another BoneSim version is rerun: one sweep, one model.)
        kept[index] = manifest
      }
    }
    if !issues.isEmpty { throw ScenarioError(Array(issues.prefix(5))) }
    return kept
  }

  /// Removes what the kept points' manifests do not list: point folders outside this
  /// sweep's (or shard's) design points, and stray files inside kept point folders (an old
  /// `failed_patients.csv` would otherwise be assembled into the new sweep's). Called after
  /// `SweepLayout.previousSweepFiles` has checked that `points/` holds only numbered folders.
  static func removeUnlisted(directory: String, kept: [Int: SweepPointManifest], expected: Set<Int>) {
    let fm = FileManager.default
    let points = PathName.join(directory, SweepLayout.pointsFolder)
    for entry in (try? fm.contentsOfDirectory(atPath: points)) ?? [] {
      guard let index = Int(entry) else { continue }
      let folder = PathName.join(points, entry)
      guard expected.contains(index) else {
        try? fm.removeItem(atPath: folder)
        continue
      }
      guard let manifest = kept[index] else { continue }
      let listed = Set(manifest.files.map(\.path) + [RunOutputs.manifestFile])
      for file in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where !listed.contains(file) {
        try? fm.removeItem(atPath: PathName.join(folder, file))
      }
    }
  }
}
