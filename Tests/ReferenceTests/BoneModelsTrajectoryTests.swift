import BoneSim
import BoneSimPhysiology
import Testing

/// Every load case of bone-models 0.1.0 against its trajectory (Tests/Fixtures/reference,
/// made by tools/reference/make_fixtures.py with Radau, rtol 1e-10, max_step 0.5 day).
@Suite("Reference: bone-models trajectories")
struct BoneModelsTrajectoryTests {
  /// Relative error allowed on cell concentrations at every day: about 10× the worst error
  /// measured per model (docs/VERIFICATION.md: Lemaire ≤ 1.0e-6, Pivonka 1.0e-8, Scheiner
  /// 5.8e-5), so a regression of one order of magnitude fails.
  static func cellTolerance(_ model: ReferenceModel) -> Double {
    switch model {
    case .lemaire2004: 1e-5
    case .pivonka2008: 1e-7
    case .scheiner2013: 6e-4
    }
  }
  /// Absolute error allowed on f_bm and f_vas [percentage points] (measured 1.1e-5).
  static let fractionTolerance = 1e-4

  static let cases: [(ReferenceModel, Int)] =
    (1...9).map { (.lemaire2004, $0) } + [(.pivonka2008, 1), (.scheiner2013, 1)]

  @Test("BoneSim (RK4, 8 steps/day) matches bone-models at every day", arguments: cases)
  func trajectory(_ model: ReferenceModel, _ loadCase: Int) throws {
    let fixture = try Fixtures.csv("\(model.rawValue)_case\(loadCase).csv")
    let days = Int(fixture.rows.last![0])
    let run = try ReferenceRun(model: model, loadCase: loadCase, days: days)
    #expect(run.header == fixture.header)
    let ours = try run.trajectory()
    #expect(ours.count == fixture.rows.count)
    var worstCell = 0.0, worstFraction = 0.0
    for (mine, theirs) in zip(ours, fixture.rows) {
      #expect(mine[0] == theirs[0])
      for s in 1...3 { worstCell = max(worstCell, abs(mine[s] - theirs[s]) / abs(theirs[s])) }
      for s in 4..<mine.count { worstFraction = max(worstFraction, abs(mine[s] - theirs[s])) }
    }
    #expect(worstCell <= Self.cellTolerance(model), "worst relative cell error \(worstCell)")
    #expect(worstFraction <= Self.fractionTolerance, "worst fraction error \(worstFraction) pp")
    print("reference \(model.rawValue) case \(loadCase): worst cell rel. error \(worstCell), worst fraction error \(worstFraction) pp")
  }

  @Test("Scheiner disuse lands on the numbers of docs/VERIFICATION.md and docs/REFERENCES.md")
  func scheinerAnchors() throws {
    let rows = try ReferenceRun(model: .scheiner2013, loadCase: 1, days: 1000).trajectory()
    // f_bm 95 → 91.0 % at day 100 and 79.3 % at day 1000 (bone-models as coded, docs/VERIFICATION.md).
    #expect(abs(rows[100][5] - 91.0) < 0.1)
    #expect(abs(rows[1000][5] - 79.3) < 0.1)
  }
}

@Suite("Reference: steady states")
struct SteadyStateReferenceTests {
  /// Agreement with bone-models' root-found steady states (17 digits).
  static let tolerance = 1e-6

  @Test("steady states match bone-models to 1e-6 and the published values to their printed digits")
  func steadyStates() throws {
    let boneModels = try Fixtures.labelled("steady_states.csv")
    // (name, ours, published, unit of the last published digit [pM])
    let ours: [(String, [Double], [Double], Double)] = [
      ("lemaire2004", try Lemaire2004().steadyState(), Lemaire2004.publishedSteadyState, 1e-7),
      ("pivonka2008", try Pivonka2008().steadyState(), Pivonka2008.publishedSteadyState, 1e-8),
      ("scheiner2013", try Scheiner2013().steadyState, Scheiner2013.publishedSteadyState, 1e-15),
    ]
    for (name, x, published, lastDigit) in ours {
      let reference = try #require(boneModels[name])
      for i in 0..<3 {
        #expect(abs(x[i] - reference[i]) / reference[i] < Self.tolerance, "\(name)[\(i)]")
        // BIOMD0000000278 truncates rather than rounds (C = 9.1275e-4 is listed as 9.127e-4),
        // so allow one unit of the last printed digit.
        #expect(abs(x[i] - published[i]) <= lastDigit, "\(name)[\(i)] \(x[i]) vs \(published[i])")
      }
    }
  }
}
