/// A linear, time-invariant part of a model, `dx/dt = A·x + B·w`, stepped exactly.
///
/// `x` are `A.rows` consecutive state columns starting at `firstState`, `w` are `B.columns`
/// consecutive input columns starting at `firstInput`, held constant over a step. With
/// `Φ = e^{hA}` and `Γ = ∫₀ʰ e^{sA} ds · B` (both from one exponential of the augmented
/// matrix `[[A, B], [0, 0]]·h`, computed once per step size) the step is exact:
/// ```
/// x(t + h) = Φ·x(t) + Γ·w
/// ```
/// For a block of patients with states as columns this is `X ← X·Φᵀ + W·Γᵀ`, two dgemm
/// calls through OpenBLAS. Typical use: drug depots and compartments (PK), which do not
/// depend on the nonlinear states. The model's `rates` must set `P = D = 0` for these
/// states; the solver applies the linear step before the nonlinear stepper in each step
/// (first-order operator splitting, exact when the nonlinear rates only read `x`).
public struct LinearSubsystem: Sendable, Hashable {
  public let firstState: Int
  public let firstInput: Int
  /// n × n system matrix [1/day].
  public let a: Matrix
  /// n × m input matrix [state unit per input unit per day].
  public let b: Matrix

  public init(firstState: Int, firstInput: Int, a: Matrix, b: Matrix) {
    precondition(a.rows == a.columns && b.rows == a.rows, "LinearSubsystem shapes")
    self.firstState = firstState
    self.firstInput = firstInput
    self.a = a
    self.b = b
  }

  @inlinable public var stateCount: Int { a.rows }
  @inlinable public var inputCount: Int { b.columns }

  /// (Φ, Γ) for step `h` [day], row-major.
  public func discretized(step h: Double) -> (phi: Matrix, gamma: Matrix) {
    let n = stateCount, m = inputCount
    var augmented = Matrix(rows: n + m, columns: n + m)
    for i in 0..<n {
      for j in 0..<n { augmented[i, j] = h * a[i, j] }
      for j in 0..<m { augmented[i, n + j] = h * b[i, j] }
    }
    let e = augmented.exponential
    return (e.submatrix(rows: 0..<n, columns: 0..<n), e.submatrix(rows: 0..<n, columns: n..<(n + m)))
  }
}

/// A `LinearSubsystem` discretized for one step size, ready to apply to blocks.
public struct ExactLinearStep: @unchecked Sendable {
  public let system: LinearSubsystem
  /// Φ and Γ, row-major, 64-byte aligned.
  @usableFromInline let phi: AlignedBuffer
  @usableFromInline let gamma: AlignedBuffer
  /// Whether every diagonal entry of Φ is positive: then a block whose states and inputs are
  /// all +0 steps to +0 exactly (each result sums at least one +0·Φᵢᵢ), and `apply` skips it.
  let zeroStaysZero: Bool

  public init(_ system: LinearSubsystem, step h: Double) {
    self.system = system
    let (p, g) = system.discretized(step: h)
    zeroStaysZero = (0..<p.rows).allSatisfy { p[$0, $0] > 0 }
    phi = AlignedBuffer(count: p.elements.count)
    gamma = AlignedBuffer(count: max(g.elements.count, 1))
    for (i, v) in p.elements.enumerated() { phi.pointer[i] = v }
    for (i, v) in g.elements.enumerated() { gamma.pointer[i] = v }
  }

  /// Scratch doubles `apply` needs per block.
  public func scratchCount(blockSize: Int) -> Int { blockSize * system.stateCount }

  /// Advances the linear states of one block by one step: `X ← X·Φᵀ + W·Γᵀ`.
  ///
  /// A block with no drug on board and none given (states and inputs all +0) is left as it
  /// is: the same bits as the product (`zeroStaysZero`), without two small dgemm calls,
  /// whose packing costs about 5 % of a run in which nobody takes testosterone or anastrozole.
  ///
  /// - Complexity: two dgemm calls of blockSize × n × max(n, m); does not allocate.
  public func apply(
    state: UnsafeMutablePointer<Double>, inputs: UnsafePointer<Double>, blockSize: Int,
    scratch: UnsafeMutablePointer<Double>
  ) {
    let n = system.stateCount, m = system.inputCount
    let x = state + system.firstState * blockSize
    if zeroStaysZero && Self.allPositiveZero(x, count: n * blockSize)
      && Self.allPositiveZero(inputs + system.firstInput * blockSize, count: m * blockSize)
    {
      return
    }
    BLAS.blockTimesTransposed(rows: blockSize, n: n, k: n, a: x, b: phi.pointer, c: scratch)
    if m > 0 {
      BLAS.blockTimesTransposed(
        rows: blockSize, n: n, k: m, a: inputs + system.firstInput * blockSize, b: gamma.pointer,
        beta: 1, c: scratch)
    }
    x.update(from: scratch, count: n * blockSize)
  }

  /// Whether all `count` values are +0 (bit pattern 0; −0 and anything else are not).
  static func allPositiveZero(_ values: UnsafePointer<Double>, count: Int) -> Bool {
    var bits: UInt64 = 0
    for i in 0..<count { bits |= values[i].bitPattern }
    return bits == 0
  }
}
