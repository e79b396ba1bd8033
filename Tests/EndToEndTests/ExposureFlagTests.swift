@testable import BoneSim
import BoneSimIO
import BoneSimPhysiology
import Foundation
import Testing

/// Serum levels outside the physiological range for women (issue 17): counted per arm in the
/// manifest and warned about once on standard error, with the range's source.
@Suite("Exposure flags: testosterone and estradiol above the female physiological range")
struct ExposureFlagTests {
  @Test("both limits apply to the integrated model's outputs (variable and unit match)")
  func limitsMatchModel() {
    let matched = ExposureLimits.columns(ExposureLimits.women, in: IntegratedModelInterface.outputs)
    #expect(Set(matched.map(\.limit.variable)) == ["testosterone", "estradiol"])
    for limit in ExposureLimits.women { #expect(!limit.source.isEmpty) }
  }

  @Test("a testosterone arm above 70 ng/dL: counted per arm, one warning naming the source; the untreated arm is not")
  func testosteroneArm() throws {
    let out = temporaryPath("exposure")
    let r = try bonesim(["run", "Tests/Fixtures/usability/testosterone_exposure.yaml", "--out", out, "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    let manifest = try JSONDecoder().decode(Manifest.self, from: Data(try read("\(out)/manifest.json").utf8))
    let flags = try #require(manifest.exposureFlags)
    let t = try #require(flags.first { $0.output == "testosterone.systemic" })
    #expect(t.upper == 70 && t.unit == "ng/dL")
    #expect(t.arms.map(\.arm) == ["control", "testosterone"])
    #expect(t.arms[0].patientsAbove == 0 && t.arms[1].patientsAbove == 4 && t.arms[1].patients == 4)
    #expect((t.arms[1].highest ?? 0) > 70)
    let e = try #require(flags.first { $0.output == "estradiol.systemic" })
    #expect(e.arms.allSatisfy { $0.patientsAbove == 0 })
    let warnings = r.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
    #expect(warnings.count == 1, "\(warnings)")
    #expect(warnings.first?.hasPrefix("warning: serum total testosterone above 70 ng/dL, outside the physiological range for women, at some output day in every patient of arm testosterone (highest ") == true, "\(warnings)")
    #expect(warnings.first?.contains("Davis et al. 2019") == true)
  }

  @Test("the sweep warning counts design points")
  func sweepWarning() {
    func flag(_ above: Int) -> ExposureFlag {
      ExposureFlag(
        output: "testosterone.systemic", label: "serum total testosterone", unit: "ng/dL", upper: 70, source: "S",
        arms: [.init(arm: "a", patientsAbove: above, patients: 5, highest: 60 + Double(above) * 10)])
    }
    let lines = ExposureFlag.sweepWarnings([[flag(0)], [flag(3)], [flag(1)]])
    #expect(lines == [
      "warning: serum total testosterone above 70 ng/dL, outside the physiological range for women, at some output day in some patients of 2 of 3 design points run (highest 90 ng/dL); range: S; counts per arm in each points/<i>/manifest.json (exposureFlags)"
    ])
    #expect(flag(0).warning == nil)
    var mixed = flag(5)
    mixed.arms.append(.init(arm: "b", patientsAbove: 2, patients: 5, highest: 71.25))
    mixed.arms.append(.init(arm: "c", patientsAbove: 5, patients: 5, highest: 1234.6))
    #expect(mixed.warning == "warning: serum total testosterone above 70 ng/dL, outside the physiological range for women, at some output day in every patient of arms a, c; 2 of 5 patients of arm b (highest 1235 ng/dL); range: S; counts per arm in manifest.json (exposureFlags)")
  }
}
