import Benchmark
import BoneSimCore
import BoneSimPhysiology
import Foundation

/// Patient-days per second of the Scheiner 2013 core (disuse load), split implicit Euler at
/// one step per day, for a cohort of `patients` over `days`, on `threads` workers.
func scheinerCohort(patients: Int, days: Int, threads: Int) {
  Benchmark(
    "scheiner2013/\(patients / 1000)k×\(days)d/threads\(threads)",
    configuration: .init(
      metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident,
                .custom("patient-days/s", polarity: .prefersLarger, useScalingFactor: false)],
      maxDuration: .seconds(10), maxIterations: 10)
  ) { benchmark in
    let model = try Scheiner2013()
    let x0 = CohortMatrix(patients: patients, columns: model.stateCount)
    let initial = model.initialState
    for p in 0..<patients {
      let r = PatientRandom(seed: 1, patient: p, stream: 0)
      for s in 0..<initial.count { x0[p, s] = s < 3 ? initial[s] * (1 + 0.1 * (r.uniform(UInt32(s)) - 0.5)) : initial[s] }
    }
    let inputs = WindowedInputs(
      patients: patients, baseline: model.habitualInputs,
      windows: [InputWindow(column: Scheiner2013.axialStressInput, days: 0..<days, value: -25)])
    let problem = CohortProblem(model: model, initialState: x0, inputs: inputs)
    let solver = CohortSolver(
      stepper: SplitImplicitEuler(), loop: TimeLoop(days: days, outputDays: [days]), execution: .threads(threads))
    for _ in benchmark.scaledIterations {
      let start = ContinuousClock.now
      benchmark.startMeasurement()
      let end = solver.solve(problem)
      benchmark.stopMeasurement()
      let seconds = (ContinuousClock.now - start) / .seconds(1)
      benchmark.measurement(
        .custom("patient-days/s", polarity: .prefersLarger, useScalingFactor: false),
        Int(Double(patients * days) / seconds))
      blackHole(end[patients / 2, 4])
    }
  }
}

/// Patient-days per second of the integrated model (16 states, two sites, PK through BLAS),
/// a postmenopausal cohort on a transdermal patch with exercise, split implicit Euler at one
/// step per day.
func integratedCohort(patients: Int, days: Int, threads: Int) {
  Benchmark(
    "integrated/\(patients / 1000)k×\(days)d/threads\(threads)",
    configuration: .init(
      metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident,
                .custom("patient-days/s", polarity: .prefersLarger, useScalingFactor: false)],
      maxDuration: .seconds(10), maxIterations: 10)
  ) { benchmark in
    let model = try IntegratedModel()
    let baseline = CohortMatrix(patients: patients, columns: model.inputs.count)
    for (c, input) in model.inputs.enumerated() { baseline.fill(column: c, with: input.defaultValue) }
    baseline.fill(column: IntegratedModel.In.yearsSinceFMP, with: 2)
    baseline.fill(column: IntegratedModel.In.patch, with: 50)
    baseline.fill(column: IntegratedModel.In.high, with: 2)
    baseline.fill(column: IntegratedModel.In.anastrozole, with: 1)
    let x0 = CohortMatrix(patients: patients, columns: model.stateCount)
    let initial = try model.initialState(inputs: baseline.row(0))
    for p in 0..<patients {
      let r = PatientRandom(seed: 1, patient: p, stream: 0)
      for s in 0..<initial.count { x0[p, s] = initial[s] * (1 + 0.1 * (r.uniform(UInt32(s)) - 0.5)) }
    }
    let problem = CohortProblem(model: model, initialState: x0, inputs: WindowedInputs(baseline: baseline))
    let solver = CohortSolver(
      stepper: SplitImplicitEuler(), loop: TimeLoop(days: days, outputDays: [days]), execution: .threads(threads))
    for _ in benchmark.scaledIterations {
      let start = ContinuousClock.now
      benchmark.startMeasurement()
      let end = solver.solve(problem)
      benchmark.stopMeasurement()
      let seconds = (ContinuousClock.now - start) / .seconds(1)
      benchmark.measurement(
        .custom("patient-days/s", polarity: .prefersLarger, useScalingFactor: false),
        Int(Double(patients * days) / seconds))
      blackHole(end[patients / 2, 6])
    }
  }
}

let benchmarks: @Sendable () -> Void = {
  scheinerCohort(patients: 100_000, days: 30, threads: 1)
  scheinerCohort(patients: 100_000, days: 30, threads: 2)
  integratedCohort(patients: 100_000, days: 30, threads: 1)
  integratedCohort(patients: 100_000, days: 30, threads: 2)
}
