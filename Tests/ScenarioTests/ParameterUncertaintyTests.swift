import BoneSimCore
import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario
import Foundation
import Testing

@testable import BoneSim

@Suite("--parameter-uncertainty: one ensemble member per patient")
struct ParameterUncertaintyTests {
  /// Women at the premenopausal reference state (no history run-in) who start training: members
  /// that differ in the training stimulus and the mechanostat's activation gain differ in results.
  static let yaml = """
    name: ensemble_probe
    duration_days: 120
    output_interval_days: 30
    history_days: 0
    cohort:
      patients: 40
      seed: 11
      covariates:
        patient.age: {value: 40, unit: y}
        patient.yearsSinceFMP: {value: -10, unit: y}
      variability:
        iiv.turnover: {cv: 0.3}
    control: control
    arms:
      control: {}
      training:
        exercise:
          - {type: high_intensity, sessions_per_week: 2}
    """

  static func table() throws -> ParameterTable { try makeDefaultModel().parameters }

  static func ensemble(_ factors: [Double]) throws -> ParameterEnsemble {
    let t = try table()
    let names = ["exercise.highIntensityStimulus", "mechanics.activationGain"]
    var csv = "member," + names.joined(separator: ",") + "\n"
    for (m, f) in factors.enumerated() { csv += "\(m)," + names.map { "\(t[$0] * f)" }.joined(separator: ",") + "\n" }
    return try ParameterEnsemble(csv: csv, source: "test.csv", sha256: "")
  }

  /// Runs `scenario` and returns patients.csv rows keyed by (arm, patient, day), and the other files.
  static func run(_ scenario: Scenario, ensemble: ParameterEnsemble?, threads: Int = 1) throws -> (patients: [String: String], summary: String, effects: String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonesim-ens-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var request = RunRequest(source: ScenarioSource(path: "probe.yaml", text: yaml), outputDirectory: dir, threads: threads, perPatient: true)
    request.parameterEnsemble = ensemble
    _ = try ScenarioRunner.run(scenario, request: request, model: try makeDefaultModel())
    let text = try String(contentsOfFile: dir + "/patients.csv", encoding: .utf8)
    var rows: [String: String] = [:]
    for line in text.split(separator: "\n").dropFirst() {
      let f = line.split(separator: ",", maxSplits: 4)
      rows["\(f[1]),\(f[2]),\(f[3])"] = String(f[4])
    }
    return (
      rows, try String(contentsOfFile: dir + "/summary.csv", encoding: .utf8), try String(contentsOfFile: dir + "/effects.csv", encoding: .utf8)
    )
  }

  @Test("each patient's trajectory is the one her member's parameters give, for any number of threads")
  func memberPerPatient() throws {
    let scenario = try Scenario.decode(yaml: Self.yaml, file: "probe.yaml")
    let ensemble = try Self.ensemble([0.5, 1, 2])
    let mixed = try Self.run(scenario, ensemble: ensemble)
    let twoThreads = try Self.run(scenario, ensemble: ensemble, threads: 2)
    #expect(mixed.summary == twoThreads.summary && mixed.effects == twoThreads.effects && mixed.patients == twoThreads.patients)
    var seen = Set<Int>()
    for m in 0..<ensemble.count {
      var fixed = scenario
      fixed.parameters = ensemble.overrides(member: m).map { ParameterOverride(name: $0.key, value: $0.value, position: .init(file: "t", line: 1, column: 1)) }
      let plain = try Self.run(fixed, ensemble: nil)
      for p in 0..<40 where ensemble.member(of: p, seed: 11, stream: RandomStreams.parameterMember) == m {
        seen.insert(m)
        for arm in ["control", "training"] {
          for day in stride(from: 0, through: 120, by: 30) {
            let key = "\(arm),\(p),\(day)"
            #expect(mixed.patients[key] == plain.patients[key], "patient \(p) (member \(m)), \(arm), day \(day)")
          }
        }
      }
    }
    #expect(seen.count == 3)  // every member drawn at least once among 40 patients
    // The members differ (the test would pass vacuously otherwise).
    let plain = try Self.run(scenario, ensemble: nil)
    #expect(mixed.summary != plain.summary)
  }

  @Test("an ensemble of one member at the table's values gives the run without it, byte for byte")
  func oneMemberAtTableValues() throws {
    let scenario = try Scenario.decode(yaml: Self.yaml, file: "probe.yaml")
    let with = try Self.run(scenario, ensemble: try Self.ensemble([1]))
    let without = try Self.run(scenario, ensemble: nil)
    #expect(with.summary == without.summary && with.effects == without.effects && with.patients == without.patients)
  }

  @Test("chunks: each member's patients ascending, in pieces of the chunk size, member by member")
  func chunks() throws {
    let e = try Self.ensemble([0.5, 0.75, 1, 1.5, 2])
    for (patients, chunkSize) in [(1000, 7), (1, 4), (37, 37), (50, 1), (300, 1000)] {
      let chunking = PatientChunks(patients: patients, chunkSize: chunkSize, ensemble: e, seed: 9)
      var expected: [(member: Int, ids: [Int])] = []
      for m in 0..<e.count {
        let ids = (0..<patients).filter { e.member(of: $0, seed: 9, stream: RandomStreams.parameterMember) == m }
        for start in stride(from: 0, to: ids.count, by: chunkSize) { expected.append((m, Array(ids[start..<min(start + chunkSize, ids.count)]))) }
      }
      let got = chunking.map { (member: $0.member ?? -1, ids: $0.ids) }
      #expect(got.count == expected.count && chunking.count == expected.count, "\(patients) patients, chunks of \(chunkSize)")
      #expect(zip(got, expected).allSatisfy { $0.member == $1.member && $0.ids == $1.ids }, "\(patients) patients, chunks of \(chunkSize)")
      #expect(got.flatMap(\.ids).sorted() == Array(0..<patients))
    }
    let plain = PatientChunks(patients: 10, chunkSize: 4, ensemble: nil, seed: 9)
    #expect(plain.map(\.ids) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]] && plain.count == 3 && plain.allSatisfy { $0.member == nil })
  }

  @Test("members are drawn uniformly from (seed, patient) alone")
  func uniform() throws {
    let e = try Self.ensemble([0.5, 0.75, 1, 1.5, 2])
    var counts = [Int](repeating: 0, count: 5)
    for p in 0..<50_000 { counts[e.member(of: p, seed: 3, stream: RandomStreams.parameterMember)] += 1 }
    // Each count is binomial(50000, 0.2): sd ≈ 89; 5 sd ≈ 450.
    #expect(counts.allSatisfy { abs($0 - 10_000) < 450 }, "\(counts)")
    #expect(e.member(of: 123, seed: 3, stream: RandomStreams.parameterMember) == e.member(of: 123, seed: 3, stream: RandomStreams.parameterMember))
  }

  @Test("a broken ensemble file is refused at its line")
  func brokenFiles() throws {
    let cases: [(String, Int, String)] = [
      ("", 1, "empty file"),
      ("id,x\n0,1\n", 1, "expected a header"),
      ("member,estrogen.RANKLExcess\n0,400\n1,400,3\n", 3, "expected 2 fields"),
      ("member,estrogen.RANKLExcess\n0,abc\n", 2, "expected a finite number"),
      ("member,a,a\n0,1,1\n", 1, "appears twice"),
      ("member,estrogen.RANKLExcess\n", 2, "no members"),
    ]
    for (csv, line, message) in cases {
      do {
        _ = try ParameterEnsemble(csv: csv, source: "e.csv", sha256: "")
        Issue.record("accepted: \(csv)")
      } catch let error as ParameterEnsembleError {
        #expect(error.line == line && error.message.contains(message), "\(error)")
      }
    }
    // Parsed, but a member leaves the parameter's physical range or names no parameter.
    for (csv, line, message) in [
      ("member,estrogen.RANKLExcess\n0,400\n1,-5\n", 3, "member 1"), ("member,estrogen.RANKLExces\n0,400\n", 2, "member 0"),
    ] {
      let e = try ParameterEnsemble(csv: csv, source: "e.csv", sha256: "")
      do {
        try e.check(against: try Self.table())
        Issue.record("accepted: \(csv)")
      } catch let error as ParameterEnsembleError {
        #expect(error.line == line && error.message.contains(message), "\(error)")
      }
    }
  }

  @Test("an ensemble drawn around other table values (provenance.json) is refused; matching values load")
  func staleEnsembleRefused() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonesim-prov-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let t = try Self.table()
    let name = "mechanics.activationGain"
    try "member,\(name)\n1,\(t[name])\n2,\(t[name] * 1.1)\n".write(
      to: dir.appendingPathComponent("e.csv"), atomically: true, encoding: .utf8)
    func provenance(_ value: Double) throws {
      let json = "{\"free_parameters\": {\"\(name)\": {\"table_value\": \(value)}}}"
      try json.write(to: dir.appendingPathComponent("provenance.json"), atomically: true, encoding: .utf8)
    }
    let path = dir.appendingPathComponent("e.csv").path
    try provenance(t[name])
    #expect(try ParameterEnsembleFile.load(path).count == 2)
    try provenance(t[name] * 1.5)
    #expect {
      _ = try ParameterEnsembleFile.load(path)
    } throws: { error in
      "\(error)".contains("provenance.json") && "\(error)".contains("earlier calibration") && "\(error)".contains(name)
    }
  }
}
