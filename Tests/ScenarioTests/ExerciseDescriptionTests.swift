import BoneSimPhysiology
@testable import BoneSimScenario
import Testing

/// Exercise programs given by load and impact instead of a type (issue 17).
@Suite("Exercise by load (% 1RM) and impact")
struct ExerciseDescriptionTests {
  @Test("the documented table: each band and its edges")
  func mapping() {
    let cases: [(Double?, ExerciseDescription.Impact, String)] = [
      (85, .none, "high_intensity"), (80, .low, "high_intensity"), (79.9, .high, "high_intensity"),
      (60, .high, "high_intensity"), (79.9, .moderate, "moderate_resistance"), (60, .none, "moderate_resistance"),
      (59.9, .high, "moderate_resistance"), (nil, .moderate, "moderate_resistance"), (59.9, .low, "low_impact"),
      (nil, .low, "low_impact"), (0, .none, "low_impact"),
    ]
    for (load, impact, type) in cases {
      #expect(ExerciseDescription(load: load, impact: impact).type == type, "load \(String(describing: load)), impact \(impact)")
    }
  }

  @Test("load and impact feed the type's input, exactly as the type would")
  func sameInputsAsType() throws {
    let described = try usabilityPlan(
      """
      arms:
        control: {}
        ex:
          exercise: [{load: 85 %1RM, impact: high, sessions_per_week: 2}, {load: 65, sessions_per_week: 1.5, start_day: 7}]
      """)
    let typed = try usabilityPlan(
      """
      arms:
        control: {}
        ex:
          exercise: [{type: high_intensity, sessions_per_week: 2}, {type: moderate_resistance, sessions_per_week: 1.5, start_day: 7}]
      """)
    for name in ["exercise.highIntensity", "exercise.moderateResistance"] {
      let a = inputSeries(described, arm: 1, column: column(name), days: 28)
      #expect(a == inputSeries(typed, arm: 1, column: column(name), days: 28), "\(name)")
      #expect(a.contains { $0 > 0 }, "\(name)")
    }
  }

  @Test("messages: type and load together, load out of range or without a number, unknown impact")
  func messagesForMistakes() {
    func issues(_ program: String) -> [String] {
      messages { _ = try usabilityPlan("arms:\n  control: {}\n  ex:\n    exercise: [\(program)]") }
    }
    #expect(
      issues("{type: high_intensity, load: 80, sessions_per_week: 2}")
        == ["arms.ex.exercise[0].type: give either type or load/impact, not both (load and impact choose the type; docs/SCENARIOS.md, Exercise programs)"])
    #expect(
      issues("{load: 120 %1RM, sessions_per_week: 2}")
        == ["arms.ex.exercise[0].load: expected the training load in % of one-repetition maximum, 0 to 100, e.g. 'load: 80 %1RM', found '120 %1RM'"])
    #expect(
      issues("{load: heavy, sessions_per_week: 2}")
        == ["arms.ex.exercise[0].load: expected the training load in % of one-repetition maximum, 0 to 100, e.g. 'load: 80 %1RM', found 'heavy'"])
    #expect(
      issues("{impact: hihg, sessions_per_week: 2}")
        == ["arms.ex.exercise[0].impact: unknown impact 'hihg' (did you mean 'high'?); expected one of none, low, moderate, high"])
  }
}
