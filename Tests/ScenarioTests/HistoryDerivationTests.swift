import BoneSimCore
import BoneSimPhysiology
import Foundation
@testable import BoneSimScenario
import Testing

/// `history_days` omitted: derived so that every patient starts at the integrated model's
/// reference state (years since the FMP ≤ −5 and age ≤ 45); too short: an input error.
@Suite("History before day 0: derived from the cohort, or refused when too short")
struct HistoryDerivationTests {
  let inputs = IntegratedModelInterface.inputs
  let parameters = IntegratedModel.parameterTable

  func plan(history: String = "", covariates: String) throws -> ScenarioPlan {
    let yaml = """
      name: h
      duration_days: 365
      \(history)
      output_interval_days: 365
      cohort:
        patients: 10
        covariates:
      \(covariates)
      control: a
      arms:
        a: {}
      """
    return try ScenarioPlan(Scenario.decode(yaml: yaml, file: "h.yaml"), inputs: inputs, parameters: parameters)
  }

  func days(_ years: Double) -> Int { Int((years * 365.25).rounded(.up)) }

  @Test("women 0-5 y past the FMP (age 51 + years) need 11 y: from age 45")
  func derivedFromYearsSinceFMP() throws {
    let p = try plan(covariates: "    patient.yearsSinceFMP: {distribution: uniform, min: 0, max: 5, unit: y}")
    #expect(p.historyDays == days(11))
    #expect(p.scenario.historyDays == days(11))
  }

  @Test("an explicit age covariate counts: age up to 70 with 10 y since the FMP needs 25 y")
  func derivedFromAge() throws {
    let p = try plan(covariates: """
          patient.yearsSinceFMP: {distribution: uniform, min: 5, max: 10, unit: y}
          age: {distribution: uniform, min: 60, max: 70, unit: y}
      """)
    #expect(p.historyDays == days(25))
  }

  @Test("premenopausal women need no history; an explicit history is kept")
  func premenopausal() throws {
    let none = try plan(covariates: "    patient.yearsSinceFMP: {distribution: uniform, min: -30, max: -20, unit: y}")
    #expect(none.historyDays == 0)
    let given = try plan(history: "history_days: 730", covariates: "    patient.yearsSinceFMP: {value: -25, unit: y}")
    #expect(given.historyDays == 730)
  }

  @Test("a history too short for the cohort is an error naming the days needed", arguments: [0, 365, 3653])
  func tooShort(days given: Int) throws {
    do {
      _ = try plan(history: "history_days: \(given)", covariates: "    patient.yearsSinceFMP: {distribution: uniform, min: 0, max: 5, unit: y}")
      Issue.record("accepted history_days: \(given)")
    } catch let error as ScenarioError {
      let text = "\(error)"
      #expect(text.contains("h.yaml:3") && text.contains("history_days") && text.contains("\(days(11))"), "\(text)")
    }
  }

  @Test("an unbounded clock covariate cannot be derived from: bound it or give history_days")
  func unbounded() throws {
    #expect(throws: ScenarioError.self) {
      _ = try plan(covariates: "    patient.yearsSinceFMP: {distribution: normal, mean: 5, sd: 2, min: -40, unit: y}")
    }
    // Bounded at 20 y: age up to 71, so 26 y from age 45.
    let bounded = try plan(covariates: "    patient.yearsSinceFMP: {distribution: normal, mean: 5, sd: 2, min: 0, max: 20, unit: y}")
    #expect(bounded.historyDays == days(26))
  }
}
