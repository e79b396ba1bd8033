import BoneSimCore
import BoneSimPhysiology
import Testing

/// `SplitImplicitEuler` updates each row of lanes right after its rates. That must give the
/// bits of the textbook order, all rates of the block first, then the update, which this
/// test writes out on its own.
@Suite("Split-implicit Euler fused with the rate pass")
struct FusedUpdateTests {
  /// One step the two-pass way: `evaluate` the whole block, then update patient by patient.
  func twoPass<M: CohortModel>(_ m: M, state u: UnsafeMutablePointer<Double>, inputs: UnsafePointer<Double>, n: Int, h: Double) {
    let p = AlignedBuffer(count: m.stateCount * n), d = AlignedBuffer(count: m.stateCount * n)
    m.evaluate(RateBlock(blockSize: n, state: u, inputs: inputs, production: p.pointer, loss: d.pointer, prepared: true))
    for c in 0..<m.stateCount {
      for r in 0..<n {
        let i = c * n + r
        u[i] = m.stiffStates.contains(c)
          ? (u[i] + h * p.pointer[i]) / (1 + h * d.pointer[i]) : u[i] + h * (p.pointer[i] - d.pointer[i] * u[i])
      }
    }
  }

  /// h = 1 is the runs' step; h = 0.3 (not a power of two) also tells apart updates that
  /// group the same operations differently.
  @Test("the integrated model: 30 steps, every state, bit for bit (rows of 16 and of 8)", arguments: [1, 0.3])
  func integrated(h: Double) throws {
    let n = 40
    let w = PreparedInputsTests().inputs(n, seed: 21)
    let m = model.inputs.count, k = model.preparedCount
    let block = AlignedBuffer(count: (m + k) * n), sources = AlignedBuffer(count: model.preparedSources.count * n)
    block.pointer.update(from: w.block(0), count: m * n)
    model.prepareBlock(inputs: block.pointer, sources: sources.pointer, blockSize: n, refresh: true)
    let fused = AlignedBuffer(count: model.stateCount * n), reference = AlignedBuffer(count: model.stateCount * n)
    for p in 0..<n {
      // Start away from the steady state, so every rate is non-zero and the update moves it.
      let random = PatientRandom(seed: 22, patient: p, stream: 0)
      for (s, v) in try model.initialState(inputs: w.row(p)).enumerated() {
        fused.pointer[s * n + p] = v * (1 + 0.2 * random.normal(UInt32(s)))
      }
    }
    reference.pointer.update(from: fused.pointer, count: model.stateCount * n)
    let scratch = AlignedBuffer(count: SplitImplicitEuler.scratchBlocks * model.stateCount * n)
    for _ in 0..<30 {
      SplitImplicitEuler().step(
        model, state: fused.pointer, inputs: block.pointer, prepared: true, blockSize: n, h: h, scratch: scratch.pointer)
      twoPass(model, state: reference.pointer, inputs: block.pointer, n: n, h: h)
    }
    let a = Array(fused.buffer).map(\.bitPattern), b = Array(reference.buffer).map(\.bitPattern)
    let differing = zip(a, b).filter { $0 != $1 }.count
    #expect(differing == 0, "\(differing) of \(a.count) values differ")
    #expect(a.allSatisfy { Double(bitPattern: $0).isFinite })
  }
}
