import BoneSim
import BoneSimCore
import BoneSimIO
import BoneSimScenario
import Foundation
import Testing

/// Patients that leave their physiological bounds are flagged, excluded from every arm's
/// statistics and counted; too many fail the run. On the linear test model with an upper
/// bound on x, the flagged patients follow from the closed form x(t) = s·(u/k)(1 − e^(−kt)),
/// computed here independently of the runner.
@Suite("Failed patients: flagged, excluded from every arm, counted, thresholded")
struct FailedPatientTests {
  static let patients = 600
  /// Upper bound of x [mg]: arm b (6 mg/day) crosses it for scales s above ≈ 2.84, arm a
  /// (2 mg/day, x ≤ 60) never.
  static let bound = 170.0
  static let yaml = """
    name: linear
    duration_days: 60
    output_interval_days: 20
    cohort:
      patients: \(patients)
      seed: 7
      covariates:
        patient.scale: {distribution: uniform, min: 1, max: 3}
    control: a
    arms:
      a:
        dosing: [{input: dose.test, agent: x, route: oral, dose: 2 mg, interval: 1 day}]
      b:
        dosing: [{input: dose.test, agent: x, route: oral, dose: 6 mg, interval: 1 day}]
    """
  static let days = [0, 20, 40, 60]
  /// RK4 at one step a day is exact to ~1e-7 relative per step on this ODE; scales whose
  /// crossing is closer than this to the bound are not asserted either way.
  static let borderline = 1e-5

  static var model: LinearTestModel {
    var m = LinearTestModel()
    m.stateBounds = [0...bound]
    return m
  }

  /// Drawn scale of every patient.
  static func scales() throws -> [Double] {
    let scenario = try Scenario.decode(yaml: yaml, file: "t")
    let plan = try ScenarioPlan(scenario, inputs: model.inputs, parameters: model.parameters)
    return (0..<patients).map { CohortChunk(plan: plan.cohort, first: $0, count: 1).baseline[0, 1] }
  }

  /// x of arm b at day t for scale s (closed form).
  static func xB(_ s: Double, _ t: Int) -> Double { s * 6 / 0.1 * (1 - Foundation.exp(-0.1 * Double(t))) }

  /// Expected first failing day per patient (nil: never), and patients too close to call.
  static func expected() throws -> (firstDay: [Int: Int], unsure: Set<Int>) {
    var first: [Int: Int] = [:]
    var unsure = Set<Int>()
    for (p, s) in try scales().enumerated() {
      for t in days {
        let x = xB(s, t)
        if abs(x - bound) <= borderline * bound { unsure.insert(p) }
        if x > bound, first[p] == nil { first[p] = t }
      }
    }
    return (first, unsure)
  }

  static func run(maxFailedFraction: Double) throws -> (stats: RunStatistics, summary: [[String]], effects: [[String]]) {
    let scenario = try Scenario.decode(yaml: yaml, file: "test.yaml")
    let run = try ScenarioRun(scenario: scenario, model: model, stepper: RungeKutta4(), substepsPerDay: 1)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonesim-test-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let outputs = try RunOutputs(directory: dir, perPatient: false)
    let stats: RunStatistics
    do {
      stats = try run.run(into: outputs, execution: .serial, maxFailedFraction: maxFailedFraction)
    } catch {
      outputs.discard()
      throw error
    }
    _ = try outputs.commit()
    func rows(_ f: String) throws -> [[String]] {
      try String(contentsOfFile: (dir as NSString).appendingPathComponent(f), encoding: .utf8)
        .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
    return (stats, try rows("summary.csv"), try rows("effects.csv"))
  }

  @Test("the patients whose x crosses the bound are flagged in arm b with their first day; arm a never")
  func flaggedSet() throws {
    let (firstDay, unsure) = try Self.expected()
    #expect(unsure.isEmpty, "borderline scales: \(unsure)")
    #expect(firstDay.count > 10 && firstDay.count < Self.patients / 5, "expected a small subset, got \(firstDay.count)")
    let (stats, _, _) = try Self.run(maxFailedFraction: 0.5)
    #expect(stats.failedPatientCount == firstDay.count)
    #expect(Set(stats.failedPatients.map(\.patient)) == Set(firstDay.keys))
    #expect(stats.failedPatients.map(\.patient) == stats.failedPatients.map(\.patient).sorted(), "patient order")
    for f in stats.failedPatients {
      #expect(f.arm == "b" && f.variable == "x" && f.value > Self.bound, "\(f)")
      #expect(f.day == firstDay[f.patient], "\(f)")
      #expect(f.reason == "above its upper bound 170.0")
    }
  }

  @Test("flagged patients leave both arms' summaries and the paired effects at every day")
  func excludedEverywhere() throws {
    let (firstDay, _) = try Self.expected()
    let kept = Self.patients - firstDay.count
    let (_, summary, effects) = try Self.run(maxFailedFraction: 0.5)
    #expect(!summary.isEmpty && !effects.isEmpty)
    for row in summary where row[3] == "x" { #expect(Int(row[6]) == kept, "\(row)") }
    for row in effects where row[4] == "x" { #expect(Int(row[9]) == kept, "\(row)") }
    // Arm a's mean at day 60 is the closed form over the kept patients only.
    let s = try Self.scales().enumerated().filter { firstDay[$0.offset] == nil }.map(\.element)
    let meanScale: Double = s.reduce(0, +) / Double(s.count)
    let growth: Double = 2 / 0.1 * (1 - Foundation.exp(-6.0))
    let mean = meanScale * growth
    let row = try #require(summary.first { $0[1] == "a" && $0[2] == "60" && $0[3] == "x" })
    let simulated = try #require(Double(row[7]))
    #expect(abs(simulated - mean) <= 1e-6 * mean, "arm a day 60 mean \(simulated) vs \(mean)")
  }

  @Test("above --max-failed-fraction the run fails naming the first offender; at or below it, it goes on")
  func threshold() throws {
    let (firstDay, _) = try Self.expected()
    let fraction = Double(firstDay.count) / Double(Self.patients)
    let firstPatient = try #require(firstDay.keys.min())
    for limit in [RunRequest.defaultMaxFailedFraction, fraction * 0.9] {
      do {
        _ = try Self.run(maxFailedFraction: limit)
        Issue.record("limit \(limit) below the failed fraction \(fraction) did not fail")
      } catch RunError.tooManyFailedPatients(let failed, let patients, let maxFraction, let first) {
        #expect(failed == firstDay.count && patients == Self.patients && maxFraction == limit)
        #expect(first.patient == firstPatient && first.arm == "b" && first.day == firstDay[firstPatient])
        let message = "\(RunError.tooManyFailedPatients(failed: failed, patients: patients, maxFraction: maxFraction, first: first))"
        #expect(message.contains("first: patient \(firstPatient), arm b, day \(firstDay[firstPatient]!), variable x = "))
        #expect(RunError.tooManyFailedPatients(failed: failed, patients: patients, maxFraction: maxFraction, first: first).exitCode == 1)
      }
    }
    // Exactly at the fraction: not more than allowed.
    #expect(try Self.run(maxFailedFraction: fraction).stats.failedPatientCount == firstDay.count)
  }

  @Test("bonesim run: failed_patients.csv and the manifest count; too many failures write nothing")
  func runnerFiles() throws {
    // The runner uses the default stepper (not RK4 at one step a day): its x is within 1 % of
    // the closed form, so patients within 1 % of the bound may go either way.
    let scales = try Self.scales()
    let certain = Set(scales.indices.filter { Self.xB(scales[$0], 60) > 1.01 * Self.bound })
    let possible = Set(scales.indices.filter { Self.xB(scales[$0], 60) > 0.99 * Self.bound })
    let scenario = try Scenario.decode(yaml: Self.yaml, file: "test.yaml")
    let parent = FileManager.default.temporaryDirectory.appendingPathComponent("bonesim-test-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: parent) }
    let dir = (parent as NSString).appendingPathComponent("out")
    let source = ScenarioSource(path: "test.yaml", text: Self.yaml)
    let (_, manifest) = try ScenarioRunner.run(
      scenario, request: RunRequest(source: source, outputDirectory: dir, maxFailedFraction: 0.5), model: Self.model)
    let csv = try String(contentsOfFile: (dir as NSString).appendingPathComponent("failed_patients.csv"), encoding: .utf8)
    let lines = csv.split(separator: "\n")
    #expect(lines.first == "scenario,arm,patient,day,variable,value,reason")
    let flagged = Set(lines.dropFirst().map { Int($0.split(separator: ",")[2])! })
    #expect(certain.isSubset(of: flagged) && flagged.isSubset(of: possible), "flagged \(flagged.sorted())")
    #expect(manifest.failedPatients == flagged.count && manifest.maxFailedFraction == 0.5)
    #expect(lines.count == flagged.count + 1, "one row per patient (arm a never fails)")
    #expect(manifest.files.contains { $0.path == "failed_patients.csv" && $0.rows == flagged.count })

    // The same folder again with the default limit: the run fails and the previous complete
    // result is left exactly as it was; no staging folder remains.
    let before = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    let manifestBefore = try String(contentsOfFile: (dir as NSString).appendingPathComponent("manifest.json"), encoding: .utf8)
    #expect(throws: RunError.self) {
      try ScenarioRunner.run(scenario, request: RunRequest(source: source, outputDirectory: dir), model: Self.model)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == before)
    #expect(try String(contentsOfFile: (dir as NSString).appendingPathComponent("manifest.json"), encoding: .utf8) == manifestBefore)
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["out"])

    // A fresh folder with the default limit: nothing at all.
    let fresh = (parent as NSString).appendingPathComponent("fresh")
    #expect(throws: RunError.self) {
      try ScenarioRunner.run(scenario, request: RunRequest(source: source, outputDirectory: fresh), model: Self.model)
    }
    #expect(!FileManager.default.fileExists(atPath: fresh))
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["out"])
  }
}
