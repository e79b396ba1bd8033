import BoneSimScenario
import Testing

@Suite("Sweeps: design points and field paths")
struct SweepTests {
  static let base = """
    name: base
    duration_days: 100
    output_interval_days: 10
    cohort: {patients: 10}
    control: a
    arms:
      a: {}
      b:
        dosing: [{input: dose.test, agent: x, route: oral, dose: 1 mg, interval: 1 day}]
    """

  @Test("grid: every combination, first axis slowest; zip: values side by side")
  func gridAndZip() throws {
    let grid = try Sweep.decode(yaml: """
      scenario: base.yaml
      method: grid
      axes:
        - {field: cohort.patients, values: [10, 20]}
        - {parameter: k, values: [0.1, 0.2, 0.3]}
      """, file: "s.yaml")
    #expect(grid.designPoints() == [["10", "0.1"], ["10", "0.2"], ["10", "0.3"], ["20", "0.1"], ["20", "0.2"], ["20", "0.3"]])
    let zip = try Sweep.decode(yaml: """
      scenario: base.yaml
      method: zip
      axes:
        - {field: cohort.patients, values: [10, 20]}
        - {parameter: k, values: [0.1, 0.2]}
      """, file: "s.yaml")
    #expect(zip.designPoints() == [["10", "0.1"], ["20", "0.2"]])
  }

  @Test("Latin hypercube: one point in each of the n strata of every axis, for many seeds", arguments: 0..<20)
  func latinHypercube(seed: Int) throws {
    let n = 7
    let s = try Sweep.decode(yaml: """
      scenario: base.yaml
      method: latin_hypercube
      samples: \(n)
      seed: \(seed)
      axes:
        - {parameter: k, min: 0.1, max: 0.8}
        - {field: arms.b.dosing.0.dose, min: 1, max: 100, scale: log, unit: mg}
      """, file: "s.yaml")
    let points = s.designPoints()
    #expect(points.count == n)
    let linear = points.map { Double($0[0])! }
    #expect(Set(linear.map { Int(($0 - 0.1) / 0.7 * Double(n)) }) == Set(0..<n))
    let logs = points.map { Double($0[1].split(separator: " ")[0])! }
    #expect(points.allSatisfy { $0[1].hasSuffix(" mg") })
    #expect(Set(logs.map { Int(Foundation.log($0 / 1) / Foundation.log(100) * Double(n)) }) == Set(0..<n))
  }

  @Test("shards are contiguous, ordered and cover every point once", arguments: [1, 2, 3, 7, 10])
  func shards(count: Int) {
    let points = 10
    let ranges = (1...count).map { Sweep.shardRange(points: points, index: $0, count: count) }
    #expect(ranges.flatMap { Array($0) } == Array(0..<points))
  }

  @Test("applying a point edits the scenario: a list element, a new key and a parameter")
  func apply() throws {
    let s = try Sweep.decode(yaml: """
      scenario: base.yaml
      method: zip
      axes:
        - {field: arms.b.dosing.0.dose, values: [5 mg]}
        - {field: arms.b.dosing.0.adherence, values: [0.5]}
        - {parameter: k, values: [0.3]}
      """, file: "s.yaml")
    let root = try ScenarioNode.parse(Self.base, file: "base.yaml")
    let scenario = try Scenario.decode(s.apply(s.designPoints()[0], to: root))
    #expect(scenario.arms[1].dosing[0].dose == Quantity(5, "mg"))
    #expect(scenario.arms[1].dosing[0].adherence == 0.5)
    #expect(scenario.parameters.map(\.name) == ["k"] && scenario.parameters[0].value == 0.3)
  }

  @Test("a path that does not exist is an error naming the axis")
  func badPath() throws {
    let s = try Sweep.decode(yaml: """
      scenario: base.yaml
      method: grid
      axes:
        - {field: arms.c.dosing.0.dose, values: [5 mg]}
      """, file: "s.yaml")
    let root = try ScenarioNode.parse(Self.base, file: "base.yaml")
    #expect(throws: ScenarioError.self) { try s.apply(s.designPoints()[0], to: root) }
    do {
      _ = try s.apply(s.designPoints()[0], to: root)
    } catch let e as ScenarioError {
      #expect(e.description == "s.yaml:4:5: arms.c.dosing.0.dose: the scenario has no field 'c' here (did you mean 'a'?)")
    }
  }

  @Test("sweep files are strict too")
  func strict() {
    #expect(throws: ScenarioError.self) {
      try Sweep.decode(yaml: "scenario: x\nmethod: grd\naxes: [{parameter: k, values: [1]}]\n", file: "s.yaml")
    }
    #expect(throws: ScenarioError.self) {
      try Sweep.decode(yaml: "scenario: x\nmethod: zip\naxes: [{parameter: k, values: [1]}, {parameter: j, values: [1, 2]}]\n", file: "s.yaml")
    }
  }
}

import Foundation
