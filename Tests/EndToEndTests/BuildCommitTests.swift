import Foundation
import Testing

/// The manifest's `tool.gitCommit` names the BoneSim build, not the repository the user runs
/// it from.
@Suite("Manifest gitCommit is BoneSim's")
struct BuildCommitTests {
  func git(_ arguments: [String], in folder: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["git", "-C", folder] + arguments
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    try p.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test("run from inside another git repository: gitCommit is BoneSim's HEAD, not that repository's")
  func commitOfTheBuild() throws {
    let study = temporaryPath("study-repo")
    try FileManager.default.createDirectory(atPath: study, withIntermediateDirectories: true)
    _ = try git(["init", "-q", "."], in: study)
    _ = try git(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "study"], in: study)
    let studyHead = try git(["rev-parse", "HEAD"], in: study)
    let boneSimHead = try git(["rev-parse", "HEAD"], in: packageRoot.path)
    #expect(studyHead.count == 40 && boneSimHead.count == 40 && studyHead != boneSimHead)
    let scenario = packageRoot.appendingPathComponent("Tests/Fixtures/scenarios/premenopausal_short.yaml").path
    let r = try bonesim(["run", scenario, "--out", "out", "--quiet"], in: URL(fileURLWithPath: study))
    #expect(r.status == 0, "\(r.stderr)")
    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(study)/out/manifest.json"))) as? [String: Any]
    let commit = try #require((manifest?["tool"] as? [String: Any])?["gitCommit"] as? String)
    #expect(commit == boneSimHead || commit == boneSimHead + "+modified", "\(commit)")
    #expect(!commit.hasPrefix(studyHead))
  }
}
