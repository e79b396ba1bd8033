@testable import BoneSim
import BoneSimCore
import BoneSimScenario
import Testing

/// Screening finds the (arm, day, output) cells of a chunk that hold a non-finite value on
/// the run's workers; only those cells are then read patient by patient.
@Suite("Screening: cells with non-finite values")
struct ScreeningTests {
  @Test("every cell holding NaN or ±∞ is found, and no other, for 1, 2 and 3 workers")
  func nonFiniteCells() throws {
    let scenario = try Scenario.decode(yaml: FailedPatientTests.yaml, file: "test.yaml")
    let run = try ScenarioRun(scenario: scenario, model: FailedPatientTests.model, stepper: RungeKutta4(), substepsPerDay: 1)
    let layout = ChunkLayout(arms: 2, outputDays: [0, 20, 40], columns: 4, patients: 37)
    var values = (0..<layout.count).map { Double($0 % 97) - 40 }
    let planted: [(Int, Int, Int, Int, Double)] = [
      (0, 0, 0, 0, .nan), (0, 2, 3, 36, .infinity), (1, 1, 2, 17, -.infinity), (1, 2, 3, 36, .nan), (1, 2, 3, 5, .nan),
    ]
    for (a, t, o, p, v) in planted { values[layout.index(a, t, o, p)] = v }
    let expected = Set(planted.map { layout.cell($0.0, $0.1, $0.2) })
    values[layout.index(1, 0, 1, 3)] = -0.0  // finite
    values[layout.index(1, 0, 1, 4)] = .leastNonzeroMagnitude
    for workers in 1...3 {
      let bad = run.nonFiniteCells(values, layout: layout, workers: workers)
      #expect(Set(bad.indices.filter { bad[$0] }) == expected, "workers \(workers)")
    }
  }
}
