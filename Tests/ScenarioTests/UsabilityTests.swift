import BoneSimCore
import BoneSimIO
import BoneSimPhysiology
@testable import BoneSimScenario
import Foundation
import Testing

/// A small input table in the integrated model's naming (the tests do not depend on its list).
let usabilityInputs: [ModelInput] = [
  .init("patient.yearsSinceFMP", unit: "y", kind: .daily, default: -10, range: -40...60, "clock"),
  .init("dose.estradiolTransdermal", unit: "ug/day", kind: .daily, default: 0, range: 0...400, "patch"),
  .init("dose.estradiolGel", unit: "mg/day", kind: .daily, default: 0, range: 0...10, "gel"),
  .init("dose.progesteroneOral", unit: "mg/day", kind: .daily, default: 0, range: 0...600, "progesterone"),
  .init("dose.testosteroneCypionateSC", unit: "mg", kind: .daily, default: 0, range: 0...400, "testosterone"),
  .init("exercise.highIntensity", unit: "sessions/week", kind: .daily, default: 0, range: 0...14, "hi"),
  .init("exercise.moderateResistance", unit: "sessions/week", kind: .daily, default: 0, range: 0...14, "mr"),
  .init("energy.availability", unit: "kcal/kg FFM/day", kind: .daily, default: 45, range: 0...80, "ea"),
  .init("nutrition.calcium", unit: "mg/day", kind: .daily, default: 1000, range: 0...4000, "ca", source: "IOM 2011"),
  .init("nutrition.vitaminD3", unit: "IU/day", kind: .daily, default: 800, range: 0...10000, "d3"),
  .init("iiv.turnover", unit: "1", kind: .patient, default: 1, range: 0.05...20, "iiv"),
]

/// A scenario around `body` (top-level YAML after the cohort), bound to `usabilityInputs`.
func usabilityPlan(_ body: String, duration: Int = 28, patients: Int = 1) throws -> ScenarioPlan {
  let yaml = """
    name: t
    duration_days: \(duration)
    output_interval_days: 7
    cohort:
      patients: \(patients)
    control: control
    \(body)
    """
  let scenario = try Scenario.decode(yaml: yaml, file: "t.yaml")
  return try ScenarioPlan(scenario, inputs: usabilityInputs, parameters: LinearTestModel().parameters)
}

/// The messages of the issues thrown by `body` ("field: message"), in order.
func messages(_ body: () throws -> Void) -> [String] {
  do {
    try body()
    return []
  } catch let e as ScenarioError {
    return e.issues.map { "\($0.field): \($0.message)" }
  } catch {
    return ["\(error)"]
  }
}

func column(_ name: String) -> Int { usabilityInputs.firstIndex { $0.name == name }! }

@Suite("The researcher's path: inputs table, baseline, patches, user words (issue 17)")
struct UsabilityTests {
  @Test("docs/INPUTS.md embeds exactly `bonesim inputs` of the integrated model")
  func inputsDocumentationInSync() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let doc = try String(contentsOf: root.appendingPathComponent("docs/INPUTS.md"), encoding: .utf8)
    let begin = try #require(doc.range(of: "<!-- BEGIN INPUTS -->\n"))
    let end = try #require(doc.range(of: "<!-- END INPUTS -->"))
    #expect(
      String(doc[begin.upperBound..<end.lowerBound]) == InputCatalogue.markdown(IntegratedModelInterface.inputs),
      "docs/INPUTS.md is stale: run tools/update_docs.sh")
  }

  @Test("every input of the integrated model has a scenario key that leads back to it")
  func catalogueRoundTrip() {
    for input in IntegratedModelInterface.inputs {
      let key = InputCatalogue.scenarioKey(of: input)
      if let d = DoseInputName(input.name) {
        for route in d.routes {
          #expect("dose." + camelCase(d.agent) + DosingRegimen.routeSuffixes[route]! == input.name)
        }
        #expect(key.hasPrefix("dosing: agent \(d.agent)"))
      } else if input.name.hasPrefix("nutrition.") {
        #expect(Arm.nutritionPrefix + camelCase(String(key.dropFirst("nutrition.".count))) == input.name)
      } else if input.name.hasPrefix("exercise.") {
        #expect(key.hasPrefix("exercise: type "))
      }
    }
  }

  @Test("the catalogue prints unit, default, range and source; CSV quotes commas")
  func catalogueFormats() {
    let md = InputCatalogue.markdown(usabilityInputs)
    #expect(md.contains("| `nutrition.calcium` | nutrition.calcium | mg/day | 1000 | 0 to 4000 | daily | ca | IOM 2011 |"))
    #expect(md.contains("| `dose.estradiolTransdermal` | dosing: agent estradiol, route patch or transdermal, rate (ug/day) |"))
    #expect(md.contains("| `exercise.highIntensity` | exercise: type high_intensity, sessions_per_week |"))
    let csv = InputCatalogue.csvRows(usabilityInputs).map(CSVFormat.quotedLine).joined()
    #expect(csv.hasPrefix("input,scenario_key,unit,default,min,max,kind,meaning,source\n"))
    #expect(csv.contains("nutrition.calcium,nutrition.calcium,mg/day,1000,0,4000,daily,ca,IOM 2011\n"))
    #expect(csv.contains("\"dosing: agent testosterone_cypionate, route sc or subcutaneous, dose (mg) and interval\""))
  }

  @Test("baseline: every arm inherits diet, energy and exercise; an arm's own value replaces it")
  func baselineInheritance() throws {
    let p = try usabilityPlan(
      """
      baseline:
        nutrition: {calcium: 700 mg/day, vitamin_d3: 400 IU/day}
        energy_availability: 40 kcal/kg FFM/day
        exercise: [{type: moderate_resistance, sessions_per_week: 1}]
      arms:
        control: {}
        supplement:
          nutrition: {calcium: 1200 mg/day}
          exercise: [{type: moderate_resistance, sessions_per_week: 3}, {type: high_intensity, sessions_per_week: 2}]
      """)
    func value(_ arm: Int, _ name: String) -> Double {
      inputSeries(p, arm: arm, column: column(name), days: 3)[2]
    }
    #expect(value(0, "nutrition.calcium") == 700)
    #expect(value(1, "nutrition.calcium") == 1200)
    #expect(value(0, "nutrition.vitaminD3") == 400)
    #expect(value(1, "nutrition.vitaminD3") == 400)
    #expect(value(0, "energy.availability") == 40)
    #expect(value(1, "energy.availability") == 40)
    #expect(value(0, "exercise.moderateResistance") == 1)
    #expect(value(1, "exercise.moderateResistance") == 3)
    #expect(value(0, "exercise.highIntensity") == 0)
    #expect(value(1, "exercise.highIntensity") == 2)
  }

  @Test("baseline: takes no dosing; a bad baseline value is reported once, not once per arm")
  func baselineErrors() {
    let dosing = messages {
      _ = try usabilityPlan("baseline:\n  dosing: []\narms:\n  control: {}\n")
    }
    #expect(dosing == [
      "baseline.dosing: unknown key 'dosing'; baseline: takes energy_availability, nutrition, exercise, inputs; 'dosing' belongs to each arm"
    ])
    let m = messages {
      _ = try usabilityPlan(
        """
        baseline:
          nutrition: {calcium: 9000 mg/day}
        arms:
          control: {}
          other: {}
        """)
    }
    #expect(m == ["baseline.nutrition.calcium: value 9000 mg/day is outside the range of nutrition.calcium (0...4000 mg/day)"])
  }

  @Test("a patch with dose: is an error that gives the rate to write instead")
  func patchDose() {
    let m = messages {
      _ = try usabilityPlan(
        """
        arms:
          control: {}
          hrt:
            dosing: [{agent: estradiol, route: transdermal, dose: 50 ug, interval: 3.5 days}]
        """)
    }
    #expect(m == [
      "arms.hrt.dosing[0].dose: a patch (route transdermal) delivers a rate while worn, not a dose: write 'rate: 50 ug/day' instead of 'dose: 50 ug' (with 'wear:' if it is worn for less than the interval)"
    ])
    let perDay = messages {
      _ = try usabilityPlan(
        """
        arms:
          control: {}
          hrt:
            dosing: [{agent: estradiol, route: patch, dose: 50 mcg/day, interval: 3.5 days}]
        """)
    }
    #expect(perDay.first?.contains("write 'rate: 50 mcg/day' instead of 'dose: 50 mcg/day'") == true, "\(perDay)")
  }

  @Test("a rate written as a dose says how to write the dose")
  func rateAsDose() {
    let m = messages {
      _ = try usabilityPlan(
        """
        arms:
          control: {}
          p:
            dosing: [{agent: progesterone, route: oral, dose: 200 mg/day, interval: 1 day}]
        """)
    }
    #expect(m == ["arms.p.dosing[0].dose: '200 mg/day' is a rate; 'dose' takes the amount of one dose: write 'dose: 200 mg' with 'interval: 1 day'"])
  }

  @Test("sessions_per_week may be fractional: 2.5 a week is 2.5 a week")
  func fractionalSessions() throws {
    let p = try usabilityPlan(
      """
      arms:
        control: {}
        ex:
          exercise: [{type: high_intensity, sessions_per_week: 2.5}]
      """)
    #expect(inputSeries(p, arm: 1, column: column("exercise.highIntensity"), days: 14).allSatisfy { $0 == 2.5 })
    // With adherence below 1, each of ceil(2.5) = 3 planned sessions counts 2.5/3, attended with
    // probability 0.8: the mean stays 2.5 × 0.8 = 2 a week.
    let q = try usabilityPlan(
      """
      arms:
        control: {}
        ex:
          exercise: [{type: high_intensity, sessions_per_week: 2.5, adherence: 0.8}]
      """, duration: 70, patients: 500)
    let series = inputSeries(q, arm: 1, column: column("exercise.highIntensity"), patients: Array(0..<500), days: 70)
    let mean = series.flatMap { $0 }.reduce(0, +) / Double(500 * 70)
    #expect(abs(mean - 2.0) < 0.05, "mean \(mean)")
    #expect(series.flatMap { $0 }.allSatisfy { $0 >= 0 && $0 <= 2.5 + 1e-12 })
  }

  @Test("YAML merge keys are refused by name")
  func mergeKey() {
    let m = messages {
      _ = try usabilityPlan(
        """
        diet: &diet {calcium: 1200 mg/day}
        arms:
          control:
            nutrition:
              <<: *diet
        """)
    }
    #expect(m.contains("arms.control.nutrition.<<: YAML merge keys ('<<') are not supported; put what every arm shares under the top-level 'baseline:' block, or write the keys out"), "\(m)")
  }

  @Test("unknown agents, routes, exercise types and nutrients are named as written, with the near miss")
  func userWords() {
    func one(_ arm: String) -> [String] {
      messages { _ = try usabilityPlan("arms:\n  control: {}\n  a:\n" + arm) }
    }
    #expect(one("    dosing: [{agent: micronized_progesterone, route: oral, dose: 200 mg, interval: 1 day}]") == [
      "arms.a.dosing[0].agent: unknown agent 'micronized_progesterone' (did you mean 'progesterone'?); agents (routes): estradiol (patch/transdermal, gel), progesterone (oral), testosterone_cypionate (sc/subcutaneous)"
    ])
    #expect(one("    dosing: [{agent: testosterone, route: sc, dose: 10 mg, interval: 7 days}]").first?.contains("(did you mean 'testosterone_cypionate'?)") == true)
    #expect(one("    dosing: [{agent: estradiol, route: oral, dose: 1 mg, interval: 1 day}]") == [
      "arms.a.dosing[0].route: estradiol is not given by route 'oral'; its routes: patch, transdermal, gel"
    ])
    #expect(one("    exercise: [{type: resistance, sessions_per_week: 2}]") == [
      "arms.a.exercise[0].type: unknown exercise type 'resistance' (did you mean 'moderate_resistance'?); types: high_intensity, moderate_resistance"
    ])
    #expect(one("    nutrition: {vitamin_d: 800 IU/day}") == [
      "arms.a.nutrition.vitamin_d: unknown nutrient 'vitamin_d' (did you mean 'vitamin_d3'?); nutrients: calcium, vitamin_d3"
    ])
    #expect(one("    energy_availability: 25") == ["arms.a.energy_availability: '25' has no unit; add one, e.g. '25 kcal/kg FFM/day'"])
  }

  @Test("errors come in file order whatever order they were found in")
  func stableOrder() {
    let log = IssueLog()
    let f = "f.yaml"
    log.report(SourcePosition(file: f, line: 9, column: 1), "b", "later")
    log.report(SourcePosition(file: f, line: 2, column: 5), "a", "earlier")
    log.report(SourcePosition(file: f, line: 2, column: 5), "a", "earlier")
    log.report(SourcePosition(file: f, line: 2, column: 5), "a2", "same place, reported second")
    #expect(log.sortedIssues.map(\.field) == ["a", "a2", "b"])
  }

  @Test("a sweep file is recognised as a sweep")
  func sweepRecognised() throws {
    #expect(Sweep.isSweep(try ScenarioNode.parse("scenario: x.yaml\nmethod: grid\naxes: []\n", file: "s.yaml")))
    #expect(!Sweep.isSweep(try ScenarioNode.parse("name: x\narms: {a: {}}\n", file: "s.yaml")))
  }
}
