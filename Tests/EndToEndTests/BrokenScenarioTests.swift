import Foundation
import Testing

@Suite("Broken scenario files: one clear message each, exit code 2, nothing written")
struct BrokenScenarioTests {
  static let folder = "Tests/Fixtures/scenarios/broken"

  static var fixtures: [String] {
    let dir = packageRoot.appendingPathComponent(folder).path
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
      .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
  }

  @Test("the catalogue is there")
  func catalogue() {
    #expect(Self.fixtures.count >= 15, "found \(Self.fixtures)")
  }

  @Test("expected message and exit code", arguments: BrokenScenarioTests.fixtures)
  func broken(name: String) throws {
    let file = "\(Self.folder)/\(name).yaml"
    let expected = try read(packageRoot.appendingPathComponent("\(Self.folder)/\(name).expected").path)
      .replacingOccurrences(of: "$FILE", with: file)
    let out = temporaryPath("out")
    let result = try bonesim(["run", file, "--out", out, "--quiet"])
    #expect(result.status == 2)
    #expect(result.stderr == expected)
    #expect(!FileManager.default.fileExists(atPath: out), "output folder was created")
    let check = try bonesim(["check", file])
    #expect(check.status == 2)
    #expect(check.stderr == expected)
  }

  @Test("a missing scenario is an input error")
  func missing() throws {
    let result = try bonesim(["run", "no_such_scenario", "--quiet"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("no_such_scenario:1:1: (document): no such file or standard scenario"))
  }
}
