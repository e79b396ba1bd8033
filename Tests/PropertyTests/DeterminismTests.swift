import BoneSimCore
import BoneSimPhysiology
import Testing

@Suite("Determinism: results do not depend on threads, blocks or lanes")
struct DeterminismTests {
  /// Scheiner disuse cohort (stress −25 MPa from day 20) with perturbed cells.
  func scheinerProblem(patients: Int, blockSize: Int = BlockLayout.defaultBlockSize) throws
    -> CohortProblem<Scheiner2013, WindowedInputs>
  {
    let model = try Scheiner2013()
    let x0 = perturbedCohort(
      steadyState: model.steadyState, extraStates: [5, 95], patients: patients, seed: 11,
      blockSize: blockSize)
    let inputs = WindowedInputs(
      patients: patients, baseline: model.habitualInputs,
      windows: [InputWindow(column: Scheiner2013.axialStressInput, days: 20..<1000, value: -25)],
      blockSize: blockSize)
    return CohortProblem(model: model, initialState: x0, inputs: inputs)
  }

  @Test(
    "1, 2 and 3 threads give identical bytes, each run on as many threads",
    arguments: [(SplitImplicitEuler() as any Stepper, 1), (RungeKutta4(), 2)])
  func threads(_ stepper: any Stepper, substeps: Int) throws {
    let problem = try scheinerProblem(patients: 1_000)
    let loop = TimeLoop.every(30, days: 120, substeps: substeps)
    let serial = snapshots(stepper, problem, loop, .serial)
    #expect(serial.threads == (1, 1))
    #expect(serial.bytes.last?.allSatisfy { Double(bitPattern: $0).isFinite } == true, "a stepper that diverges compares nothing")
    for n in [2, 3] {
      let threaded = snapshots(stepper, problem, loop, .threads(n))
      // Four blocks of 256 patients: n workers, each on its own thread however busy the
      // machine or the test run is (WorkerThreads), counted day by day from the inputs' side.
      #expect(
        threaded.threads == (n, n),
        "threads(\(n)) stepped each day on \(threaded.threads.fewest)–\(threaded.threads.most) threads")
      #expect(threaded.bytes == serial.bytes, "threads(\(n)) differs from serial")
    }
  }

  /// `problem` solved with `stepper` over `loop` under `execution`: the patients' bytes at
  /// every output day, and the fewest and most distinct threads that stepped one day.
  func snapshots<S: Stepper, I: InputSchedule>(
    _ stepper: S, _ problem: CohortProblem<Scheiner2013, I>, _ loop: TimeLoop, _ execution: Execution
  ) -> (bytes: [[UInt64]], threads: (fewest: Int, most: Int)) {
    let inputs = ThreadRecordingInputs(problem.inputs)
    let recorded = CohortProblem(model: problem.model, initialState: problem.initialState, inputs: inputs)
    var bytes: [[UInt64]] = []
    _ = CohortSolver(stepper: stepper, loop: loop, execution: execution).solve(recorded) {
      _, state in bytes.append(patientBytes(state))
    }
    return (bytes, inputs.threadsPerDay)
  }

  @Test("a patient alone, in a small block or in a large cohort follows the same trajectory bit for bit")
  func cohortOfOne() throws {
    let cohort = try scheinerProblem(patients: 300)
    let end = CohortSolver(stepper: RungeKutta4(), loop: TimeLoop(days: 60, substeps: 2)).solve(cohort)
    for patient in [0, 7, 257, 299] {
      let model = cohort.model
      let alone = CohortMatrix(patients: 1, columns: model.stateCount, blockSize: 8)
      for s in 0..<model.stateCount { alone[0, s] = cohort.initialState[patient, s] }
      let inputs = WindowedInputs(
        patients: 1, baseline: model.habitualInputs,
        windows: [InputWindow(column: Scheiner2013.axialStressInput, days: 20..<1000, value: -25)],
        blockSize: 8)
      let single = CohortSolver(stepper: RungeKutta4(), loop: TimeLoop(days: 60, substeps: 2))
        .solve(CohortProblem(model: model, initialState: alone, inputs: inputs))
      #expect(single.row(0).map(\.bitPattern) == end.row(patient).map(\.bitPattern), "patient \(patient)")
    }
  }

  @Test("SIMD16, SIMD8 and scalar rate evaluations agree bit for bit", arguments: ["lemaire2004", "pivonka2008", "scheiner2013"])
  func lanes(_ name: String) throws {
    switch name {
    case "lemaire2004":
      try compareLanes(Lemaire2004(), steadyState: try Lemaire2004().steadyState(), extra: [])
    case "pivonka2008":
      try compareLanes(Pivonka2008(), steadyState: try Pivonka2008().steadyState(), extra: [])
    default:
      let m = try Scheiner2013()
      try compareLanes(m, steadyState: m.steadyState, extra: [5, 95], inputs: m.habitualInputs)
    }
  }

  func compareLanes<M: CohortModel>(
    _ model: M, steadyState: [Double], extra: [Double], inputs: [Double]? = nil
  ) throws {
    let n = 72  // four 16-wide rows and one 8-wide row
    let x = perturbedCohort(steadyState: steadyState, extraStates: extra, patients: n, seed: 5, blockSize: n)
    let w = WindowedInputs(
      patients: n, baseline: inputs ?? [Double](repeating: 0, count: model.inputCount), blockSize: n)
    let input = AlignedBuffer(count: max(model.inputCount, 1) * n)
    w.fill(day: 0, block: 0, blockSize: n, into: input.pointer)
    let p1 = AlignedBuffer(count: model.stateCount * n), d1 = AlignedBuffer(count: model.stateCount * n)
    let p8 = AlignedBuffer(count: model.stateCount * n), d8 = AlignedBuffer(count: model.stateCount * n)
    model.evaluateScalar(
      RateBlock(blockSize: n, state: x.block(0), inputs: input.pointer, production: p1.pointer, loss: d1.pointer))
    model.evaluate(
      RateBlock(blockSize: n, state: x.block(0), inputs: input.pointer, production: p8.pointer, loss: d8.pointer))
    #expect(Array(p1.buffer).map(\.bitPattern) == Array(p8.buffer).map(\.bitPattern))
    #expect(Array(d1.buffer).map(\.bitPattern) == Array(d8.buffer).map(\.bitPattern))
  }
}
