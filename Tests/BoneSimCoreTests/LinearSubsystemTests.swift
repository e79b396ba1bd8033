import BoneSimCore
import Foundation
import Testing

@Suite("Exact linear steps (matrix exponential, BLAS block update)")
struct LinearSubsystemTests {
  @Test("exponential of a diagonalizable matrix matches its eigen-decomposition")
  func exponential() {
    // A = [[-a, 0], [a, -k]] (depot → central) has e^{At} in closed form.
    let a = 0.087, k = 0.37
    let m = (Matrix([[-a * 3.5, 0], [a * 3.5, -k * 3.5]])).exponential
    let e11 = exp(-a * 3.5), e22 = exp(-k * 3.5)
    let e21 = a / (k - a) * (exp(-a * 3.5) - exp(-k * 3.5))
    #expect(abs(m[0, 0] - e11) < 1e-15)
    #expect(abs(m[1, 1] - e22) < 1e-15)
    #expect(abs(m[1, 0] - e21) < 1e-15)
    #expect(m[0, 1] == 0)
    // Large norm exercises scaling and squaring: e^{-30} on the diagonal.
    let big = Matrix([[-30]]).exponential
    #expect(abs(big[0, 0] - exp(-30)) / exp(-30) < 1e-12)
  }

  @Test("one-compartment step equals the closed form, applied to a block through BLAS")
  func oneCompartmentBlock() {
    // dx/dt = -k x + w : x(h) = e^{-kh} x + (1 - e^{-kh})/k · w
    let k = 0.37, h = 1.0
    let system = LinearSubsystem(firstState: 1, firstInput: 2, a: Matrix([[-k]]), b: Matrix([[1]]))
    let step = ExactLinearStep(system, step: h)
    let blockSize = 16
    let state = AlignedBuffer(count: 2 * blockSize), inputs = AlignedBuffer(count: 3 * blockSize)
    let scratch = AlignedBuffer(count: step.scratchCount(blockSize: blockSize))
    for r in 0..<blockSize {
      state.pointer[r] = 123  // column 0 untouched
      state.pointer[blockSize + r] = Double(r)
      inputs.pointer[2 * blockSize + r] = 0.5 * Double(r % 3)
    }
    step.apply(state: state.pointer, inputs: inputs.pointer, blockSize: blockSize, scratch: scratch.pointer)
    for r in 0..<blockSize {
      let w = 0.5 * Double(r % 3)
      let expected = exp(-k * h) * Double(r) + (1 - exp(-k * h)) / k * w
      #expect(abs(state.pointer[blockSize + r] - expected) < 1e-13)
      #expect(state.pointer[r] == 123)
    }
  }

  @Test("repeated steps reach the steady state w/k with the accumulation of a daily dose")
  func accumulation() {
    // Anastrozole-like: k = ln2/45 h per day; 1 mg/day as a constant input.
    let k = log(2) / (45.0 / 24)
    let step = ExactLinearStep(LinearSubsystem(firstState: 0, firstInput: 0, a: Matrix([[-k]]), b: Matrix([[1]])), step: 1)
    let state = AlignedBuffer(count: 8), inputs = AlignedBuffer(count: 8, repeating: 1), scratch = AlignedBuffer(count: 8)
    for _ in 0..<60 { step.apply(state: state.pointer, inputs: inputs.pointer, blockSize: 8, scratch: scratch.pointer) }
    #expect(abs(state.pointer[0] - 1 / k) / (1 / k) < 1e-9)
  }

  @Test("a block with nothing on board is skipped with the product's bits (+0); one dose in one lane is stepped")
  func zeroBlocks() {
    // The integrated model's depot and anastrozole: Φ diagonal, Γ ≥ 0.
    let system = LinearSubsystem(
      firstState: 1, firstInput: 1, a: Matrix([[-0.087, 0], [0, -0.37]]), b: Matrix([[0.699, 0], [0, 1]]))
    let step = ExactLinearStep(system, step: 1)
    let blockSize = 24
    func product(_ state: AlignedBuffer, _ inputs: AlignedBuffer) -> [UInt64] {
      let c = AlignedBuffer(count: 2 * blockSize)
      let (phi, gamma) = system.discretized(step: 1)
      let p = AlignedBuffer(count: 4), g = AlignedBuffer(count: 4)
      for i in 0..<4 {
        p.pointer[i] = phi.elements[i]
        g.pointer[i] = gamma.elements[i]
      }
      BLAS.blockTimesTransposed(rows: blockSize, n: 2, k: 2, a: state.pointer + blockSize, b: p.pointer, c: c.pointer)
      BLAS.blockTimesTransposed(
        rows: blockSize, n: 2, k: 2, a: inputs.pointer + blockSize, b: g.pointer, beta: 1, c: c.pointer)
      return c.buffer.map(\.bitPattern)
    }
    for dosed in [false, true] {
      let state = AlignedBuffer(count: 3 * blockSize), inputs = AlignedBuffer(count: 3 * blockSize)
      if dosed { inputs.pointer[2 * blockSize + 17] = 1 }  // anastrozole 1 mg in lane 17
      let expected = product(state, inputs)
      let scratch = AlignedBuffer(count: step.scratchCount(blockSize: blockSize))
      step.apply(state: state.pointer, inputs: inputs.pointer, blockSize: blockSize, scratch: scratch.pointer)
      #expect(Array(state.buffer[blockSize...]).map(\.bitPattern) == expected, "dosed: \(dosed)")
      #expect(dosed == (state.pointer[2 * blockSize + 17] > 0))
    }
  }
}
