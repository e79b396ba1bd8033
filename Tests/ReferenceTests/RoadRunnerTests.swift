import BoneSim
import Testing

/// Lemaire 2004 PTH step (I_P = 1000 pM/day for 20 < t ≤ 80) against libroadrunner 2.10 on
/// the curated SBML BIOMD0000000278 (Tests/Fixtures/reference/lemaire2004_pth_roadrunner.csv).
@Suite("Reference: libroadrunner on BioModels BIOMD0000000278")
struct RoadRunnerTests {
  /// About 10× the worst error measured (9.0e-7, docs/VERIFICATION.md).
  static let tolerance = 1e-5

  @Test("the PTH step matches libroadrunner at every day")
  func pthStep() throws {
    let fixture = try Fixtures.csv("lemaire2004_pth_roadrunner.csv")
    #expect(fixture.header == ["day", "R", "B", "C"])
    let ours = try ReferenceRun(model: .lemaire2004, loadCase: 3, days: 140).trajectory()
    var worst = 0.0
    for (mine, theirs) in zip(ours, fixture.rows) {
      for s in 1...3 { worst = max(worst, abs(mine[s] - theirs[s]) / theirs[s]) }
    }
    #expect(ours.count == fixture.rows.count)
    #expect(worst < Self.tolerance, "worst relative error \(worst)")
    // Day-80 ratios to steady state, Lemaire 2004 / BioModels BIOMD0000000278: R ×5.208, B ×2.238, C ×4.037.
    let ratios = (1...3).map { ours[80][$0] / ours[0][$0] }
    for (r, expected) in zip(ratios, [5.208, 2.238, 4.037]) { #expect(abs(r - expected) < 0.0015) }
    print("roadrunner Lemaire PTH: worst relative error \(worst); day-80 ratios \(ratios)")
  }
}
