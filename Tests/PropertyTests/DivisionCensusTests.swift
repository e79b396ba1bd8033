import BoneSimCore
import BoneSimPhysiology
import Foundation
import Testing

/// One patient's lane that counts the divisions computed with it.
///
/// Divisions are what bounds the stepping kernels: a 512-bit `vdivpd` issues once every 16
/// cycles on the hosts we measured (`Benchmarks/compare/peak.c`), while multiplications
/// and additions issue twice a cycle. Counting them through the rate functions, generic over
/// `Lane`, gives the floor of a step that keeps its arithmetic (docs/PERFORMANCE.md, "The
/// divider ceiling").
struct CountingLane: Lane {
  /// Divisions since the last `reset` (the census test runs alone in its suite).
  nonisolated(unsafe) static var divisions = 0
  var x: Double

  init(_ x: Double) { self.x = x }
  static var laneCount: Int { 1 }
  init(broadcast scalar: Double) { x = scalar }
  init(loading pointer: UnsafePointer<Double>) { x = pointer.pointee }
  func store(to pointer: UnsafeMutablePointer<Double>) { pointer.pointee = x }

  static func + (lhs: Self, rhs: Self) -> Self { Self(lhs.x + rhs.x) }
  static func - (lhs: Self, rhs: Self) -> Self { Self(lhs.x - rhs.x) }
  static func * (lhs: Self, rhs: Self) -> Self { Self(lhs.x * rhs.x) }
  static func / (lhs: Self, rhs: Self) -> Self {
    divisions += 1
    return Self(lhs.x / rhs.x)
  }
  static prefix func - (operand: Self) -> Self { Self(-operand.x) }
  static func + (lhs: Self, rhs: Double) -> Self { Self(lhs.x + rhs) }
  static func - (lhs: Self, rhs: Double) -> Self { Self(lhs.x - rhs) }
  static func * (lhs: Self, rhs: Double) -> Self { Self(lhs.x * rhs) }
  static func / (lhs: Self, rhs: Double) -> Self {
    divisions += 1
    return Self(lhs.x / rhs)
  }
  static func + (lhs: Double, rhs: Self) -> Self { Self(lhs + rhs.x) }
  static func - (lhs: Double, rhs: Self) -> Self { Self(lhs - rhs.x) }
  static func * (lhs: Double, rhs: Self) -> Self { Self(lhs * rhs.x) }
  static func / (lhs: Double, rhs: Self) -> Self {
    divisions += 1
    return Self(lhs / rhs.x)
  }
  static func minimum(_ lhs: Self, _ rhs: Self) -> Self { Self(Double.minimum(lhs.x, rhs.x)) }
  static func maximum(_ lhs: Self, _ rhs: Self) -> Self { Self(Double.maximum(lhs.x, rhs.x)) }
  var nearestIntegerAndPowerOfTwo: (integer: Self, powerOfTwo: Self) {
    let (k, p) = x.nearestIntegerAndPowerOfTwo
    return (Self(k), Self(p))
  }
  var binaryDecomposition: (significand: Self, exponent: Self) {
    let (m, e) = x.binaryDecomposition
    return (Self(m), Self(e))
  }
  func select(greaterThan threshold: Double, _ ifGreater: Self, _ otherwise: Self) -> Self {
    x > threshold ? ifGreater : otherwise
  }
  var smallestLane: Double { x }
  var allFinite: Bool { x.isFinite }
}

@Suite("Division census of the rate functions", .serialized)
struct DivisionCensusTests {
  /// Divisions of one patient's rate evaluation, prepared columns read or computed inline.
  /// The block holds 16 copies of the patient (the solver prepares inputs 16 or 8 lanes at a
  /// time); the count is for the patient in row 0.
  func census<M: CohortModel>(_ m: M, inputs: [Double], state: [Double]) -> (prepared: Int, inline: Int) {
    precondition(inputs.count == m.inputCount && state.count == m.stateCount)
    let n = 16
    func columns(_ values: [Double], extra: Int = 0) -> AlignedBuffer {
      let buffer = AlignedBuffer(count: (values.count + extra) * n)
      for (c, v) in values.enumerated() { for r in 0..<n { buffer.pointer[c * n + r] = v } }
      return buffer
    }
    let block = columns(inputs, extra: m.preparedCount)
    let sources = AlignedBuffer(count: Swift.max(m.preparedSources.count, 1) * n)
    m.prepareBlock(inputs: block.pointer, sources: sources.pointer, blockSize: n, refresh: true)
    let x = columns(state), p = columns(state), d = columns(state)
    func count(prepared: Bool) -> Int {
      CountingLane.divisions = 0
      m.rates(
        RateBlock(blockSize: n, state: x.pointer, inputs: block.pointer, production: p.pointer, loss: d.pointer, prepared: prepared),
        row: 0, as: CountingLane.self)
      return CountingLane.divisions
    }
    return (count(prepared: true), count(prepared: false))
  }

  @Test("the integrated model divides at most 10 times per patient-day with prepared inputs (30 before shared divisions), fewer than inline; Scheiner 2013 twice")
  func divisionsPerPatientDay() throws {
    let integrated = try IntegratedModel()
    let inputs = integrated.inputs.map(\.defaultValue)
    let state = try integrated.initialState(inputs: inputs)
    let i = census(integrated, inputs: inputs, state: state)
    // The split-implicit Euler update divides once per stiff state and patient-day.
    let stepper = integrated.stiffStates.count
    print("integrated model: \(i.prepared) divisions per rate evaluation prepared, \(i.inline) inline; + \(stepper) in the stiff update")
    #expect(i.prepared > 0 && i.prepared < i.inline, "preparing the inputs removes divisions")
    #expect(i.prepared <= 10, "a new division in the integrated rate function: \(i.prepared) per patient-day (docs/PERFORMANCE.md)")

    let scheiner = try Scheiner2013()
    let s = census(scheiner, inputs: [Double](repeating: 0, count: scheiner.inputCount), state: scheiner.initialState)
    print("Scheiner 2013: \(s.prepared) divisions per rate evaluation prepared, \(s.inline) inline")
    #expect(s.prepared == 2, "the shared-division kernel divides twice (ψ_bm and the batch inversion)")
  }
}
