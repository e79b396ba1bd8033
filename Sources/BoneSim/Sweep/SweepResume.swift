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
      } else if SweepPointCheck.hasFiles(manifest, perPatient: perPatient) {
        kept[index] = manifest
      }
    }
    if !issues.isEmpty { throw ScenarioError(Array(issues.prefix(5))) }
    return kept
  }
}
