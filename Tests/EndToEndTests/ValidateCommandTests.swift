import Foundation
import Testing

/// `bonesim validate --strict` on a tiny fixture trial: passes with the published interval,
/// fails (exit 1) when the interval is moved away from the model's answer.
@Suite("bonesim validate")
struct ValidateCommandTests {
  let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/validation").path

  func validate(_ targets: String) throws -> (ProcessResult, String) {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("bonesim-validate-\(UUID().uuidString)").path
    let result = try bonesim([
      "validate", "--strict", "--quiet", "--targets", "\(fixtures)/\(targets)", "--scenarios", fixtures, "--out", out,
    ])
    let csv = (try? String(contentsOfFile: out + "/validation.csv", encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(atPath: out)
    return (result, csv)
  }

  @Test("a target inside its band passes and validation.csv has the contract columns")
  func passes() throws {
    let (result, csv) = try validate("targets_pass.csv")
    #expect(result.status == 0, "\(result.stderr)")
    let lines = csv.split(separator: "\n")
    #expect(lines.first == "id,source,scenario,arm,comparator,site,variable,day,published,published_low,published_high,band_low,band_high,simulated,simulated_low,simulated_high,role,required,pass")
    #expect(lines.count == 2 && lines[1].hasSuffix(",pass"))
  }

  @Test("moving the published interval away from the model's answer makes --strict fail")
  func fails() throws {
    let (result, csv) = try validate("targets_moved.csv")
    #expect(result.status == 1)
    #expect(csv.hasSuffix(",fail\n"))
    #expect(result.stdout.contains("required failing: E2"))
  }

  @Test("a malformed targets file is an input error naming file, line and field")
  func malformed() throws {
    let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-targets-\(UUID().uuidString).csv").path
    try "id,scenario\nX,y\n".write(toFile: bad, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: bad) }
    let result = try bonesim(["validate", "--targets", bad, "--quiet"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("\(bad):1:1: header: expected id,scenario,arm"))
  }
}
