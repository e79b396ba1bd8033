import BoneSimIO
import BoneSimScenario
import Foundation

/// `bonesim merge`: joins shard folders of one sweep into one folder that is byte for byte
/// what a one-process sweep writes (its CSVs; the manifest records the merge).
///
/// Everything is checked before anything is written: every shard's manifest names the same
/// sweep (sweep and base scenario sha256, design-point count, --per-patient), the shards'
/// ranges cover every design point exactly once, and every point's files match the
/// checksums in its manifest.
public enum SweepMerge {
  /// Largest design-point count a manifest may claim (guards against a damaged manifest).
  static let maxDesignPoints = 100_000_000

  /// Merges `shards` into `out`; returns the number of design points.
  @discardableResult
  public static func merge(shards: [String], out: String, command: [String] = CommandLine.arguments) throws -> Int {
    let start = Date()
    var issues: [ScenarioIssue] = []
    func issue(_ path: String, _ field: String, _ message: String) {
      issues.append(ScenarioIssue(SourcePosition(file: path, line: 1, column: 1), field: field, message))
    }

    // 1. Each shard's manifest, and the same sweep in all.
    let outPath = URL(fileURLWithPath: out).standardizedFileURL.path
    for directory in shards where URL(fileURLWithPath: directory).standardizedFileURL.path == outPath {
      issue(directory, "", "--out is one of the shard folders; merge into a new folder")
    }
    var loaded: [(directory: String, path: String, manifest: Manifest, sweep: SweepRecord)] = []
    for directory in shards {
      let path = PathName.join(directory, RunOutputs.manifestFile)
      guard let data = FileManager.default.contents(atPath: path) else {
        issue(path, "", "no manifest.json: not a finished sweep folder (was the shard's job complete?)")
        continue
      }
      guard let manifest = try? JSONDecoder().decode(Manifest.self, from: data), let sweep = manifest.sweep else {
        issue(path, "sweep", "not a sweep manifest (no \"sweep\" record); merge takes folders written by bonesim sweep")
        continue
      }
      loaded.append((directory, path, manifest, sweep))
    }
    if !issues.isEmpty { throw ScenarioError(issues) }
    guard let reference = loaded.first else { throw ScenarioError([]) }
    for shard in loaded.dropFirst() {
      let a = reference.sweep, b = shard.sweep
      if b.sha256 != a.sha256 {
        issue(shard.path, "sweep.sha256", "\(b.sha256) differs from \(a.sha256) in \(reference.path): the shards come from different sweep files")
      } else if b.scenarioSha256 != a.scenarioSha256 {
        issue(shard.path, "sweep.scenarioSha256", "\(b.scenarioSha256) differs from \(a.scenarioSha256) in \(reference.path): the shards used different base scenarios")
      } else if b.designPoints != a.designPoints {
        issue(shard.path, "sweep.designPoints", "\(b.designPoints) differs from \(a.designPoints) in \(reference.path)")
      } else if b.perPatient != a.perPatient {
        issue(shard.path, "sweep.perPatient", "\(b.perPatient) differs from \(a.perPatient) in \(reference.path): run every shard with or every shard without --per-patient")
      }
    }
    if !issues.isEmpty { throw ScenarioError(issues) }

    // 2. Every design point exactly once.
    let total = reference.sweep.designPoints
    guard (1...Self.maxDesignPoints).contains(total) else {
      throw ScenarioError([
        ScenarioIssue(
          SourcePosition(file: reference.path, line: 1, column: 1), field: "sweep.designPoints",
          "\(total) is not a design-point count (expected 1 to \(Self.maxDesignPoints))")
      ])
    }
    var owner = [Int?](repeating: nil, count: total)
    for (k, shard) in loaded.enumerated() {
      let s = shard.sweep
      guard 0 <= s.first, s.first <= s.end, s.end <= total else {
        issue(shard.path, "sweep.first", "range \(s.first)..<\(s.end) is outside the sweep's \(total) design points")
        continue
      }
      var reported = false
      for i in s.first..<s.end {
        guard let other = owner[i] else {
          owner[i] = k
          continue
        }
        if !reported {
          let twice = URL(fileURLWithPath: loaded[other].directory).standardizedFileURL == URL(fileURLWithPath: shard.directory).standardizedFileURL
          issue(
            shard.path, "sweep.first",
            twice
              ? "this shard folder is given twice"
              : "design point \(i) (shard \(s.shard), points \(s.first)..<\(s.end)) is also in \(loaded[other].path) (shard \(loaded[other].sweep.shard)): every design point must come from exactly one shard")
          reported = true
        }
      }
    }
    let missing = owner.indices.filter { owner[$0] == nil }
    if issues.isEmpty && !missing.isEmpty {
      let list = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
      issue(
        reference.path, "sweep.designPoints",
        "\(missing.count) of \(total) design points are in none of the shards given (\(list)): a shard folder is missing")
    }
    if !issues.isEmpty { throw ScenarioError(issues) }

    // 3. Every point's files against its checksums.
    var nonFinite = 0, failed = 0
    var columns = reference.manifest.columns ?? [:]
    for i in 0..<total {
      let shard = loaded[owner[i]!]
      let manifestPath = PathName.join(SweepLayout.pointDirectory(shard.directory, i), RunOutputs.manifestFile)
      switch SweepPointCheck.state(of: shard.directory, point: i) {
      case .absent: issue(manifestPath, "", "missing: design point \(i) of this shard is not complete")
      case .damaged(let why): issue(manifestPath, "files", "checksum mismatch: \(why)")
      case .complete(let point):
        if point.sweepSha256 != reference.sweep.sha256 {
          issue(manifestPath, "sweepSha256", "\(point.sweepSha256) differs from the shard's sweep \(reference.sweep.sha256)")
        } else if !SweepPointCheck.hasFiles(point, perPatient: reference.sweep.perPatient) {
          issue(manifestPath, "files", "lists \(point.files.map(\.path).sorted().joined(separator: ", ")), expected \(SweepLayout.csvFiles(perPatient: reference.sweep.perPatient).sorted().joined(separator: ", "))")
        }
        nonFinite += point.nonFiniteValues
        failed += point.failedPatients ?? 0
        columns.merge(point.columns ?? [:]) { a, _ in a }
      }
      if issues.count >= 10 { break }
    }
    if !issues.isEmpty { throw ScenarioError(issues) }

    // 4. Write: the points (hard links where possible), then the assembled CSVs and manifest.
    let manager = FileManager.default
    try? manager.removeItem(atPath: PathName.join(out, SweepLayout.pointsFolder))
    for i in 0..<total {
      let from = SweepLayout.pointDirectory(loaded[owner[i]!].directory, i), to = SweepLayout.pointDirectory(out, i)
      try manager.createDirectory(atPath: to, withIntermediateDirectories: true)
      let names = SweepLayout.csvFiles(perPatient: reference.sweep.perPatient) + [RunOutputs.manifestFile]
        + SweepLayout.optionalFiles.filter { manager.fileExists(atPath: PathName.join(from, $0)) }
      for name in names {
        let a = PathName.join(from, name), b = PathName.join(to, name)
        if (try? manager.linkItem(atPath: a, toPath: b)) == nil { try manager.copyItem(atPath: a, toPath: b) }
      }
    }
    let files = try SweepAssembly.assemble(
      directory: out, points: 0..<total, files: SweepLayout.csvFiles(perPatient: reference.sweep.perPatient),
      optionalFiles: SweepLayout.optionalFiles, emptyHeaders: [:])
    var manifest = reference.manifest
    let end = Date(), iso = ISO8601DateFormatter()
    manifest.startTime = iso.string(from: start)
    manifest.endTime = iso.string(from: end)
    manifest.wallSeconds = end.timeIntervalSince(start)
    manifest.files = files
    manifest.nonFiniteValues = nonFinite
    manifest.failedPatients = failed
    manifest.columns = columns
    manifest.command = command + ["(merged from \(loaded.map(\.directory).joined(separator: " ")))"]
    manifest.sweep?.first = 0
    manifest.sweep?.end = total
    manifest.sweep?.shard = "1/1"
    try AtomicFile.write(try manifest.json(), to: PathName.join(out, RunOutputs.manifestFile))
    return total
  }
}
