import BoneSim
import BoneSimPhysiology
import Testing

/// The rows of science/CALIBRATION.md as tests, each with its stated band (CALIBRATION.md
/// "accept" column), on the typical patient of `Calibration`.
@Suite("Calibration rows (CALIBRATION.md) within their bands")
struct CalibrationRowTests {
  static let results = try! Calibration(model: IntegratedModel()).results()

  @Test("row lands in its band", arguments: results.map(\.target.id))
  func row(_ id: String) {
    let r = Self.results.first { $0.target.id == id }!
    #expect(r.pass, "\(id) \(r.target.measure): \(r.simulated) not in \(r.target.band)")
  }

  @Test("every CALIBRATION.md row is covered")
  func coverage() {
    let ids = Set(Self.results.map { $0.target.id.split(separator: " ").first.map(String.init)! })
    for id in (1...16).map({ "C\($0)" }) + ["C6b"] { #expect(ids.contains(id), "\(id) missing") }
  }
}
