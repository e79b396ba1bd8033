import BoneSimCore
import BoneSimPhysiology
import Testing

/// The integrated model's prepared columns (`IntegratedModel+Prepared.swift`) must give the
/// same bits as computing the same quantities inside the rate function, and the solver must
/// keep them current when inputs change between days.
@Suite("Prepared inputs")
struct PreparedInputsTests {
  /// Inputs of `n` patients with every prepared source varied (defaults elsewhere).
  func inputs(_ n: Int, seed: UInt64) -> CohortMatrix {
    let w = CohortMatrix(patients: n, columns: model.inputs.count, blockSize: n)
    for p in 0..<n {
      let r = PatientRandom(seed: seed, patient: p, stream: 0)
      for (c, input) in model.inputs.enumerated() { w[p, c] = input.defaultValue }
      w[p, In.yearsSinceFMP] = 10 * r.normal(0)
      w[p, In.patch] = r.uniform(1) < 0.5 ? 0 : 100 * r.uniform(2)
      w[p, In.gel] = r.uniform(3) < 0.7 ? 0 : 1.5 * r.uniform(4)
      w[p, In.estradiolClearance] = 0.5 + r.uniform(5)
      w[p, In.endogenousEstradiol] = 0.5 + r.uniform(6)
      w[p, In.calcium] = 1500 * r.uniform(7)
      w[p, In.vitaminD] = 1000 * r.uniform(8)
      w[p, In.protein] = 1.5 * r.uniform(9)
      w[p, In.magnesium] = 400 * r.uniform(10)
      w[p, In.vitaminK2] = 200 * r.uniform(11)
      w[p, In.energy] = 10 + 40 * r.uniform(12)
      w[p, In.high] = 3 * r.uniform(13)
      w[p, In.moderate] = 3 * r.uniform(14)
      w[p, In.low] = 3 * r.uniform(15)
    }
    return w
  }

  /// Number of positions where two equally long bit patterns differ.
  func differing(_ a: [UInt64], _ b: [UInt64]) -> Int {
    precondition(a.count == b.count)
    return zip(a, b).filter { $0 != $1 }.count
  }

  /// Rates of one block, with prepared columns or without.
  func rates(_ x: CohortMatrix, _ w: UnsafePointer<Double>, n: Int, prepared: Bool) -> [UInt64] {
    let s = model.stateCount
    let p = AlignedBuffer(count: s * n), d = AlignedBuffer(count: s * n)
    model.evaluate(RateBlock(blockSize: n, state: x.block(0), inputs: w, production: p.pointer, loss: d.pointer, prepared: prepared))
    return (Array(p.buffer) + Array(d.buffer)).map(\.bitPattern)
  }

  @Test("rates read from prepared columns equal rates computed inline, bit for bit; changed lanes are re-prepared, others kept")
  func blockEquality() throws {
    let n = 40  // two 16-wide rows and one 8-wide row
    let m = model.inputs.count, k = model.preparedCount
    #expect(k > 0 && model.preparedSources.count > 0)
    let w = inputs(n, seed: 11)
    let x = CohortMatrix(patients: n, columns: model.stateCount, blockSize: n)
    for p in 0..<n {
      for (s, v) in try model.initialState(inputs: w.row(p)).enumerated() { x[p, s] = v }
    }
    let block = AlignedBuffer(count: (m + k) * n), sources = AlignedBuffer(count: model.preparedSources.count * n)
    block.pointer.update(from: w.block(0), count: m * n)
    model.prepareBlock(inputs: block.pointer, sources: sources.pointer, blockSize: n, refresh: true)
    #expect(differing(rates(x, block.pointer, n: n, prepared: true), rates(x, w.block(0), n: n, prepared: false)) == 0)

    // Change a source in patients 3 (row 0), 20 (row 16) and 35 (the 8-wide row 32; +0 → −0),
    // and spoil a prepared value of patients 25 and 36, whose rows hold a changed patient.
    let changes: [(Int, Int, Double)] = [(3, In.patch, 37.5), (20, In.energy, 18), (35, In.gel, -0.0)]
    #expect(w[35, In.gel].bitPattern == (0.0).bitPattern)
    for (p, c, v) in changes {
      w[p, c] = v
      block.pointer[c * n + p] = v
    }
    for p in [25, 36] { block.pointer[m * n + p] = .nan }
    model.prepareBlock(inputs: block.pointer, sources: sources.pointer, blockSize: n, refresh: false)
    #expect(!block.pointer[m * n + 25].isNaN && !block.pointer[m * n + 36].isNaN, "rows with a change are re-prepared")
    #expect(differing(rates(x, block.pointer, n: n, prepared: true), rates(x, w.block(0), n: n, prepared: false)) == 0)
    // With nothing changed, nothing is re-prepared (the spoiled value stays).
    block.pointer[m * n + 5] = .nan
    model.prepareBlock(inputs: block.pointer, sources: sources.pointer, blockSize: n, refresh: false)
    #expect(block.pointer[m * n + 5].isNaN, "an unchanged row is not re-prepared")
  }

  @Test("prepared values read no input outside preparedSources, and every listed source matters")
  func sourcesComplete() throws {
    let n = 16
    let m = model.inputs.count, k = model.preparedCount
    let w = inputs(n, seed: 13)
    func prepared(_ change: Int?) -> [UInt64] {
      let block = AlignedBuffer(count: (m + k) * n)
      block.pointer.update(from: w.block(0), count: m * n)
      if let c = change { for p in 0..<n { block.pointer[c * n + p] = block.pointer[c * n + p] * 1.5 + 1 } }
      model.prepare(block.pointer, blockSize: n, row: 0, as: SIMD16<Double>.self)
      return (m * n..<(m + k) * n).map { block.pointer[$0].bitPattern }
    }
    let base = prepared(nil)
    for c in 0..<m {
      let listed = model.preparedSources.contains(c)
      #expect((prepared(c) != base) == listed, "input \(model.inputs[c].name): listed \(listed)")
    }
  }

  /// The same model without prepared columns (rates compute everything inline).
  struct Inline: CohortModel {
    let base: IntegratedModel
    var stateNames: [String] { base.stateNames }
    var inputNames: [String] { base.inputNames }
    var stiffStates: [Int] { base.stiffStates }
    var stateBounds: [ClosedRange<Double>] { base.stateBounds }
    var linearPart: LinearSubsystem? { base.linearPart }
    func rates<L: Lane>(_ block: RateBlock, row: Int, as lane: L.Type) {
      base.rates(
        RateBlock(blockSize: block.blockSize, state: block.state, inputs: block.inputs, production: block.production, loss: block.loss),
        row: row, as: lane)
    }
  }

  @Test("a cohort solved with prepared inputs equals one solved without, bit for bit, when inputs change between output days")
  func solverEquality() throws {
    let n = 72
    let w = inputs(n, seed: 12)
    let x0 = CohortMatrix(patients: n, columns: model.stateCount, blockSize: 24)
    let baseline = CohortMatrix(patients: n, columns: model.inputs.count, blockSize: 24)
    for p in 0..<n {
      for c in 0..<model.inputs.count { baseline[p, c] = w[p, c] }
      for (s, v) in try model.initialState(inputs: w.row(p)).enumerated() { x0[p, s] = v }
    }
    // Sources switch inside segments (days 3, 9, 10, 14) and at an output day (7).
    let windows = [
      InputWindow(column: In.patch, days: 3..<9, value: 50), InputWindow(column: In.energy, days: 7..<10, value: 20),
      InputWindow(column: In.high, days: 9..<14, value: 2), InputWindow(column: In.calcium, days: 10..<20, value: 0),
    ]
    let schedule = WindowedInputs(baseline: baseline, windows: windows)
    let loop = TimeLoop(days: 20, outputDays: [7, 20])
    for threads in [1, 2] {
      let solver = CohortSolver(stepper: SplitImplicitEuler(), loop: loop, execution: .threads(threads))
      let prepared = solver.solve(CohortProblem(model: model, initialState: x0, inputs: schedule))
      let inline = solver.solve(CohortProblem(model: Inline(base: model), initialState: x0, inputs: schedule))
      #expect(differing(prepared.storage.buffer.map(\.bitPattern), inline.storage.buffer.map(\.bitPattern)) == 0, "threads \(threads)")
    }
  }
}
