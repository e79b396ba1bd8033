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
  ///
  /// `out` is built in a staging folder and renamed into place when complete
  /// (StagedDirectory), so a merge that fails, is interrupted (`stop`) or killed leaves the
  /// previous `out` as it was. Folders are compared by real path: `out` reached through a
  /// symlink is still recognised as a shard folder (or as inside one).
  @discardableResult
  public static func merge(
    shards: [String], out: String, command: [String] = CommandLine.arguments, stop: StopSignal = StopSignal()
  ) throws -> Int {
    let start = Date()
    var issues: [ScenarioIssue] = []
    func issue(_ path: String, _ field: String, _ message: String) {
      issues.append(ScenarioIssue(SourcePosition(file: path, line: 1, column: 1), field: field, message))
    }

    // 1. Each shard's manifest, and the same sweep in all.
    let outPath = RealPath.of(out)
    for directory in shards {
      let shardPath = RealPath.of(directory)
      if shardPath == outPath {
        issue(directory, "", "--out \(out) is this shard folder\(out == directory ? "" : " (\(outPath))"); merge into a new folder")
      } else if RealPath.contains(shardPath, outPath) {
        issue(directory, "", "--out \(out) lies inside this shard folder (\(outPath)); merge into a folder outside every shard")
      } else if RealPath.contains(outPath, shardPath) {
        issue(directory, "", "this shard folder lies inside --out \(out) (\(outPath)), which the merge replaces; merge into a folder that holds no shard")
      }
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
      if shard.manifest.tool.version != reference.manifest.tool.version {
        issue(
          shard.path, "tool.version",
          "written by BoneSim \(shard.manifest.tool.version), but \(reference.path) by \(reference.manifest.tool.version): rerun the older shards with one version, so every design point comes from the same model")
      } else if b.sha256 != a.sha256 {
        issue(shard.path, "sweep.sha256", "\(b.sha256) differs from \(a.sha256) in \(reference.path): the shards come from different sweep files")
      } else if b.scenarioSha256 != a.scenarioSha256 {
        issue(shard.path, "sweep.scenarioSha256", "\(b.scenarioSha256) differs from \(a.scenarioSha256) in \(reference.path): the shards used different base scenarios")
      } else if b.designPoints != a.designPoints {
        issue(shard.path, "sweep.designPoints", "\(b.designPoints) differs from \(a.designPoints) in \(reference.path)")
      } else if b.perPatient != a.perPatient {
        issue(shard.path, "sweep.perPatient", "\(b.perPatient) differs from \(a.perPatient) in \(reference.path): run every shard with or every shard without --per-patient")
      } else if shard.manifest.parameterEnsemble?.sha256 != reference.manifest.parameterEnsemble?.sha256 {
        let describe = { (e: EnsembleRecord?) in e.map { "ensemble \($0.sha256)" } ?? "no --parameter-uncertainty" }
        issue(
          shard.path, "parameterEnsemble",
          "\(describe(shard.manifest.parameterEnsemble)) differs from \(describe(reference.manifest.parameterEnsemble)) in \(reference.path): run every shard with the same ensemble, or every shard without --parameter-uncertainty")
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
    // The files each point's manifest lists: only these are merged (a stray file in a point
    // folder, say an old failed_patients.csv, is not).
    var pointFiles = [[String]](repeating: [], count: total)
    for i in 0..<total {
      let shard = loaded[owner[i]!]
      let manifestPath = PathName.join(SweepLayout.pointDirectory(shard.directory, i), RunOutputs.manifestFile)
      switch SweepPointCheck.state(of: shard.directory, point: i) {
      case .absent: issue(manifestPath, "", "missing: design point \(i) of this shard is not complete")
      case .damaged(let why): issue(manifestPath, "files", "checksum mismatch: \(why)")
      case .complete(let point):
        if point.sweepSha256 != reference.sweep.sha256 {
          issue(manifestPath, "sweepSha256", "\(point.sweepSha256) differs from the shard's sweep \(reference.sweep.sha256)")
        } else if point.version != reference.manifest.tool.version {
          issue(
            manifestPath, "version",
            "design point \(i) was written by BoneSim \(point.version), the shards by \(reference.manifest.tool.version) (a resumed shard?): rerun it with one version")
        } else if !SweepPointCheck.hasFiles(point, perPatient: reference.sweep.perPatient) {
          issue(manifestPath, "files", "lists \(point.files.map(\.path).sorted().joined(separator: ", ")), expected \(SweepLayout.csvFiles(perPatient: reference.sweep.perPatient).sorted().joined(separator: ", "))")
        }
        pointFiles[i] = point.files.map(\.path)
        nonFinite += point.nonFiniteValues
        failed += point.failedPatients ?? 0
        columns.merge(point.columns ?? [:]) { a, _ in a }
      }
      if issues.count >= 10 { break }
    }
    if !issues.isEmpty { throw ScenarioError(issues) }

    // 4. Write, in a staging folder renamed into place at the end: the points (hard links
    //    where possible), then the assembled CSVs, then the manifest.
    let perPatient = reference.sweep.perPatient
    let staged = try StagedDirectory(
      target: out,
      ownedNames: Set(SweepLayout.csvFiles(perPatient: true) + SweepLayout.optionalFiles + [RunOutputs.manifestFile, SweepLayout.pointsFolder]))
    do {
      let manager = FileManager.default
      for i in 0..<total {
        try stop.check("merging design point \(i) of \(total)")
        let from = SweepLayout.pointDirectory(loaded[owner[i]!].directory, i), to = SweepLayout.pointDirectory(staged.staging, i)
        if let reason = StagedDirectory.makeDirectories(to) { throw AtomicFile.WriteError(path: SweepLayout.pointDirectory(out, i) + "/", reason: reason) }
        for name in pointFiles[i] + [RunOutputs.manifestFile] {
          let a = PathName.join(from, name), b = PathName.join(to, name)
          if link(a, b) == 0 { continue }
          do {
            try manager.copyItem(atPath: a, toPath: b)
          } catch {
            throw AtomicFile.WriteError(
              path: PathName.join(SweepLayout.pointDirectory(out, i), name), reason: "cannot copy \(a): \(Self.reason(error))")
          }
        }
      }
      try stop.check("assembling the merged CSVs")
      let files = try SweepAssembly.assemble(
        directory: staged.staging, points: 0..<total, files: SweepLayout.csvFiles(perPatient: perPatient),
        optionalFiles: SweepLayout.optionalFiles, emptyHeaders: [:], reportedDirectory: out)
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
      try AtomicFile.write(
        try manifest.json(), to: PathName.join(staged.staging, RunOutputs.manifestFile),
        reportedPath: PathName.join(out, RunOutputs.manifestFile))
      try stop.check("publishing \(out)")
      try staged.publish()
    } catch {
      staged.discard()
      throw error
    }
    return total
  }

  /// The system's reason inside a Foundation error ("No space left on device"), not the
  /// error's debug text.
  static func reason(_ error: Error) -> String {
    if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    let ns = error as NSError
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    return ns.localizedDescription
  }
}
