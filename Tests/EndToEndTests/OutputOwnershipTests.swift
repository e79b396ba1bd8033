import Foundation
import Testing

/// `run --out` into an existing folder replaces only files BoneSim provably wrote (listed in
/// the folder's BoneSim manifest with their present size and SHA-256); a user's file that
/// happens to have an output's name stops the run before anything is written.
@Suite("Run output folders: only BoneSim's own files are replaced")
struct OutputOwnershipTests {
  static let scenario = "Tests/Fixtures/scenarios/premenopausal_short.yaml"

  func folder(_ files: [String: String]) throws -> String {
    let out = temporaryPath("owned")
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    for (name, text) in files { try text.write(toFile: "\(out)/\(name)", atomically: true, encoding: .utf8) }
    return out
  }

  func contents(_ out: String) throws -> [String: Data] {
    var all: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: out) { all[name] = FileManager.default.contents(atPath: "\(out)/\(name)") }
    return all
  }

  @Test(
    "a user's file with an output's name is kept and the run refused",
    arguments: [
      ["summary.csv": "my own table\n"],
      ["patients.csv": "id,value\n1,2\n", "notes.txt": "keep\n"],
      ["manifest.json": "{\"project\": \"my study\"}\n"],
      ["design.csv": "a,b\n", "failed_patients.csv": "x\n"],
    ])
  func userFilesRefused(files: [String: String]) throws {
    let out = try folder(files)
    let before = try contents(out)
    let r = try bonesim(["run", Self.scenario, "--out", out, "--quiet"])
    #expect(r.status == 1, "\(r.stderr)")
    for name in files.keys where name != "notes.txt" { #expect(r.stderr.contains(name), "\(r.stderr)") }
    #expect(r.stderr.contains("move them away or choose another --out") || r.stderr.contains("move it away or choose another --out"))
    #expect(try contents(out) == before)
    let parent = URL(fileURLWithPath: out).deletingLastPathComponent().path
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent).allSatisfy { !$0.contains(".partial-") })
  }

  @Test("BoneSim's own folder is replaced; a file the user edited since, or added beside it, is not")
  func ownFolderReplacedEditedKept() throws {
    let out = temporaryPath("own")
    #expect(try bonesim(["run", Self.scenario, "--out", out, "--quiet"]).status == 0)
    try "keep\n".write(toFile: "\(out)/notes.txt", atomically: true, encoding: .utf8)
    #expect(try bonesim(["run", Self.scenario, "--out", out, "--quiet"]).status == 0)
    #expect(try read("\(out)/notes.txt") == "keep\n")

    // An edited effects.csv is no longer what the manifest lists.
    let edited = try read("\(out)/effects.csv") + "my extra row\n"
    try edited.write(toFile: "\(out)/effects.csv", atomically: true, encoding: .utf8)
    var r = try bonesim(["run", Self.scenario, "--out", out, "--quiet"])
    #expect(r.status == 1 && r.stderr.contains("effects.csv is not BoneSim's"), "\(r.stderr)")
    #expect(try read("\(out)/effects.csv") == edited)

    // patients.csv added by the user to a folder whose manifest does not list it.
    let fresh = temporaryPath("own2")
    #expect(try bonesim(["run", Self.scenario, "--out", fresh, "--quiet"]).status == 0)
    try "mine\n".write(toFile: "\(fresh)/patients.csv", atomically: true, encoding: .utf8)
    r = try bonesim(["run", Self.scenario, "--out", fresh, "--quiet", "--per-patient"])
    #expect(r.status == 1 && r.stderr.contains("patients.csv is not BoneSim's"), "\(r.stderr)")
    #expect(try read("\(fresh)/patients.csv") == "mine\n")
  }
}
