import BoneSim
import Foundation
import Testing

/// `sweep --resume` keeps only what the kept points' manifests prove: stray files and point
/// folders outside the sweep go, points written by another BoneSim version are rerun, and a
/// kept point must pass the --max-failed-fraction check its run would have passed.
@Suite("Sweep resume: only what manifests list, the failed-fraction check, versions", .serialized)
struct SweepResumeSafetyTests {
  func files(_ folder: String) throws -> [String] {
    try FileManager.default.subpathsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
  }

  @Test("stray files in kept points and point folders outside the sweep are removed; the result equals a fresh sweep")
  func strayFilesRemoved() throws {
    let fresh = temporaryPath("resume-fresh")
    #expect(try bonesim(["sweep", SweepMergeTests.sweep, "--out", fresh, "--quiet"]).status == 0)
    let resumed = temporaryPath("resume-stray")
    try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: resumed).deletingLastPathComponent().path, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: fresh, toPath: resumed)
    // What an interrupted earlier sweep (or a user) could leave: a failed_patients.csv no
    // manifest lists, a point beyond the design, an extra file beside a point's CSVs.
    try "design_point,scenario,arm,patient,day,variable,value,reason\n0,x,control,1,30,LS.matrix,nan,not finite\n"
      .write(toFile: "\(resumed)/points/0/failed_patients.csv", atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: "\(resumed)/points/57", withIntermediateDirectories: true)
    try "1\n".write(toFile: "\(resumed)/points/57/summary.csv", atomically: true, encoding: .utf8)
    try "x\n".write(toFile: "\(resumed)/points/1/old_patients.csv", atomically: true, encoding: .utf8)
    let r = try bonesim(["sweep", SweepMergeTests.sweep, "--out", resumed, "--resume", "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(resumed)/failed_patients.csv"))
    #expect(try files(resumed).filter { $0 != "manifest.json" } == files(fresh).filter { $0 != "manifest.json" })
    for f in ["design.csv", "summary.csv", "effects.csv"] {
      #expect(try read("\(resumed)/\(f)") == read("\(fresh)/\(f)"), "\(f) differs")
    }
  }

  @Test("a kept point with more flagged patients than --max-failed-fraction allows: exit 1, nothing changed")
  func keptPointFailedFractionChecked() throws {
    let out = temporaryPath("resume-failing")
    let first = try bonesim(["sweep", SweepFailedPatientsTests.sweep, "--out", out, "--quiet", "--max-failed-fraction", "0.5"])
    #expect(first.status == 0, "\(first.stderr)")
    let before = try files(out).map { ($0, FileManager.default.contents(atPath: "\(out)/\($0)")) }
    // The same sweep resumed under the default fraction, which a plain run of the
    // failing points does not pass.
    let plain = try bonesim(["sweep", SweepFailedPatientsTests.sweep, "--out", temporaryPath("plain"), "--quiet"])
    #expect(plain.status == 1 && plain.stderr.contains("more than --max-failed-fraction"), "\(plain.stderr)")
    let r = try bonesim(["sweep", SweepFailedPatientsTests.sweep, "--out", out, "--resume", "--quiet"])
    #expect(r.status == 1, "\(r.stderr)")
    #expect(r.stderr.contains("design point 1, complete in") && r.stderr.contains("more than --max-failed-fraction \(RunRequest.defaultMaxFailedFraction) allows"), "\(r.stderr)")
    #expect(try files(out).map { ($0, FileManager.default.contents(atPath: "\(out)/\($0)")) }.elementsEqual(before) { $0 == $1 })
    // With the fraction the sweep was run with, the resume keeps every point.
    let again = try bonesim(["sweep", SweepFailedPatientsTests.sweep, "--out", out, "--resume", "--quiet", "--max-failed-fraction", "0.5"])
    #expect(again.status == 0, "\(again.stderr)")
  }

  @Test("a user's file with a top-level output's name, in a folder with no sweep points, stops the sweep; the file is kept")
  func userTopLevelFileKept() throws {
    for name in ["summary.csv", "effects.csv", "design.csv", "patients.csv"] {
      let out = temporaryPath("sweep-user-file")
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      try "my own table\n".write(toFile: "\(out)/\(name)", atomically: true, encoding: .utf8)
      let r = try bonesim(["sweep", SweepMergeTests.sweep, "--out", out, "--quiet"])
      #expect(r.status == 1 && r.stderr.contains("\(name): it was not written by a bonesim sweep"), "\(r.stderr)")
      #expect(try read("\(out)/\(name)") == "my own table\n")
      #expect(try files(out) == [name])
    }
  }

  @Test("a point written by another BoneSim version is rerun, not kept")
  func otherVersionRerun() throws {
    let out = temporaryPath("resume-version")
    #expect(try bonesim(["sweep", SweepMergeTests.sweep, "--out", out, "--quiet"]).status == 0)
    let manifest = "\(out)/points/2/manifest.json"
    let original = try read(manifest)
    let old = original.replacingOccurrences(of: "\"version\" : \"\(BoneSimVersion.current)\"", with: "\"version\" : \"0.0.1-old\"")
    #expect(old != original)
    try old.write(toFile: manifest, atomically: true, encoding: .utf8)
    let r = try bonesim(["sweep", SweepMergeTests.sweep, "--out", out, "--resume", "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try read(manifest).contains("\"version\" : \"\(BoneSimVersion.current)\""))
  }
}
