import Benchmark
import BoneSim
import BoneSimCore
import BoneSimPhysiology
import Foundation

let patientDaysPerSecond = BenchmarkMetric.custom("patient-days/s", polarity: .prefersLarger, useScalingFactor: false)

/// A benchmark that solves `makeProblem()`'s cohort for `days` days with split implicit
/// Euler at one step per day on `threads` workers, reporting patient-days per second.
/// Set-up (model, initial state, inputs) happens before the measurement.
func cohortBenchmark<M: CohortModel, I: InputSchedule>(
  _ name: String, patients: Int, days: Int, threads: Int,
  makeProblem: @escaping @Sendable () throws -> CohortProblem<M, I>
) {
  Benchmark(
    "\(name)/\(patients / 1000)k×\(days)d/threads\(threads)",
    configuration: .init(
      metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, patientDaysPerSecond],
      maxDuration: .seconds(10), maxIterations: 10)
  ) { benchmark in
    let problem = try makeProblem()
    let solver = CohortSolver(
      stepper: SplitImplicitEuler(), loop: TimeLoop(days: days, outputDays: [days]), execution: .threads(threads))
    for _ in benchmark.scaledIterations {
      let start = ContinuousClock.now
      benchmark.startMeasurement()
      let end = solver.solve(problem)
      benchmark.stopMeasurement()
      let seconds = (ContinuousClock.now - start) / .seconds(1)
      benchmark.measurement(patientDaysPerSecond, Int(Double(patients * days) / seconds))
      blackHole(end[patients / 2, 2])
    }
  }
}

/// `initial` for every patient, with the first `perturbed` states scaled by 1 ± 5 % (Philox).
func perturbedCohort(_ initial: [Double], patients: Int, perturbed: Int) -> CohortMatrix {
  let x0 = CohortMatrix(patients: patients, columns: initial.count)
  for p in 0..<patients {
    let r = PatientRandom(seed: 1, patient: p, stream: 0)
    for s in 0..<initial.count {
      x0[p, s] = s < perturbed ? initial[s] * (1 + 0.1 * (r.uniform(UInt32(s)) - 0.5)) : initial[s]
    }
  }
  return x0
}

/// The Scheiner 2013 core under disuse (axial stress −25 MPa).
func scheinerCohort(patients: Int, days: Int, threads: Int) {
  cohortBenchmark("scheiner2013", patients: patients, days: days, threads: threads) {
    let model = try Scheiner2013()
    let inputs = WindowedInputs(
      patients: patients, baseline: model.habitualInputs,
      windows: [InputWindow(column: Scheiner2013.axialStressInput, days: 0..<days, value: -25)])
    return CohortProblem(
      model: model, initialState: perturbedCohort(model.initialState, patients: patients, perturbed: 3), inputs: inputs)
  }
}

/// The integrated model (21 states, two sites, PK through BLAS): a postmenopausal cohort on
/// a transdermal patch with exercise and anastrozole.
func integratedCohort(patients: Int, days: Int, threads: Int) {
  cohortBenchmark("integrated", patients: patients, days: days, threads: threads) {
    let model = try IntegratedModel()
    let baseline = CohortMatrix(patients: patients, columns: model.inputs.count)
    for (c, input) in model.inputs.enumerated() { baseline.fill(column: c, with: input.defaultValue) }
    baseline.fill(column: IntegratedModel.In.yearsSinceFMP, with: 2)
    baseline.fill(column: IntegratedModel.In.patch, with: 50)
    baseline.fill(column: IntegratedModel.In.high, with: 2)
    baseline.fill(column: IntegratedModel.In.anastrozole, with: 1)
    let initial = try model.initialState(inputs: baseline.row(0))
    return CohortProblem(
      model: model, initialState: perturbedCohort(initial, patients: patients, perturbed: initial.count),
      inputs: WindowedInputs(baseline: baseline))
  }
}

/// A whole `bonesim run` of a standard scenario as users see it: cohort, history run-in,
/// stepping, outputs, summaries, effects and files (into a temporary folder), reporting
/// patient-days per second of the scenario (patients × arms × days).
///
/// Guarded in CI (`make bench-check`): allocations and peak memory at p90 against the static
/// thresholds in Benchmarks/Thresholds (`make bench-thresholds` rewrites them), within the
/// relative tolerances below in either direction (package-benchmark also fails a check that
/// improves by more, so that the thresholds follow the code).
func endToEnd(_ scenario: String, patients: Int, threads: Int) {
  Benchmark(
    "run.\(scenario).\(patients / 1000)k.threads\(threads)",
    configuration: .init(
      metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, patientDaysPerSecond],
      maxDuration: .seconds(30), maxIterations: 3,
      thresholds: [
        .mallocCountTotal: .init(relative: [.p90: 10]),
        .peakMemoryResident: .init(relative: [.p90: 15]),
      ])
  ) { benchmark in
    let source = try ScenarioSource.resolve(scenario)
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("bonesim-bench-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: base) }
    let decoded = try RunRequest(source: source, patients: patients).scenario()
    let patientDays = Double(patients * decoded.arms.count * decoded.durationDays)
    for i in benchmark.scaledIterations {
      let request = RunRequest(source: source, outputDirectory: "\(base)/\(i)", patients: patients, threads: threads, command: [])
      let start = ContinuousClock.now
      benchmark.startMeasurement()
      let (_, manifest) = try ScenarioRunner.run(request)
      benchmark.stopMeasurement()
      let seconds = (ContinuousClock.now - start) / .seconds(1)
      benchmark.measurement(patientDaysPerSecond, Int(patientDays / seconds))
      blackHole(manifest.files.count)
    }
  }
}

let benchmarks: @Sendable () -> Void = {
  endToEnd("natural_menopause", patients: 10_000, threads: 1)
  endToEnd("natural_menopause", patients: 10_000, threads: 2)
  scheinerCohort(patients: 100_000, days: 30, threads: 1)
  scheinerCohort(patients: 100_000, days: 30, threads: 2)
  integratedCohort(patients: 100_000, days: 30, threads: 1)
  integratedCohort(patients: 100_000, days: 30, threads: 2)
}
