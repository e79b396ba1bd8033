@testable import BoneSimCore
import BoneSimPhysiology
import Foundation
import Testing

/// One patient's lane that counts the arithmetic computed with it.
///
/// On the AVX-512 hosts we measured, divisions bound the stepping kernels (a 512-bit `vdivpd`
/// issues once every 16 cycles, multiplications and additions twice a cycle); on the Zen 1
/// host, with 128-bit units, multiplications do (9.1 Gmul/s per core; `Benchmarks/compare/peak.c`).
/// Counting each kind through the rate functions, generic over `Lane`, gives the floor of a
/// step that keeps its arithmetic (docs/PERFORMANCE.md, "The divider ceiling" and "The
/// arithmetic ceiling of the integrated model").
struct CountingLane: Lane {
  /// Operations since the last `reset` (the census tests run one at a time in their suite).
  nonisolated(unsafe) static var counts = OperationCount(0, 0, 0, 0)
  var x: Double

  static func reset() { counts = OperationCount(0, 0, 0, 0) }

  /// `x` as a lane, counted as one operation of `kind`.
  static func counted(_ x: Double, _ kind: WritableKeyPath<OperationCount, Int>) -> Self {
    counts[keyPath: kind] += 1
    return Self(x)
  }

  init(_ x: Double) { self.x = x }
  static var laneCount: Int { 1 }
  init(broadcast scalar: Double) { x = scalar }
  init(loading pointer: UnsafePointer<Double>) { x = pointer.pointee }
  func store(to pointer: UnsafeMutablePointer<Double>) { pointer.pointee = x }

  static func + (lhs: Self, rhs: Self) -> Self { counted(lhs.x + rhs.x, \.additions) }
  static func - (lhs: Self, rhs: Self) -> Self { counted(lhs.x - rhs.x, \.additions) }
  static func * (lhs: Self, rhs: Self) -> Self { counted(lhs.x * rhs.x, \.multiplications) }
  static func / (lhs: Self, rhs: Self) -> Self { counted(lhs.x / rhs.x, \.divisions) }
  static prefix func - (operand: Self) -> Self { counted(-operand.x, \.additions) }
  static func + (lhs: Self, rhs: Double) -> Self { counted(lhs.x + rhs, \.additions) }
  static func - (lhs: Self, rhs: Double) -> Self { counted(lhs.x - rhs, \.additions) }
  static func * (lhs: Self, rhs: Double) -> Self { counted(lhs.x * rhs, \.multiplications) }
  static func / (lhs: Self, rhs: Double) -> Self { counted(lhs.x / rhs, \.divisions) }
  static func + (lhs: Double, rhs: Self) -> Self { counted(lhs + rhs.x, \.additions) }
  static func - (lhs: Double, rhs: Self) -> Self { counted(lhs - rhs.x, \.additions) }
  static func * (lhs: Double, rhs: Self) -> Self { counted(lhs * rhs.x, \.multiplications) }
  static func / (lhs: Double, rhs: Self) -> Self { counted(lhs / rhs.x, \.divisions) }
  static func minimum(_ lhs: Self, _ rhs: Self) -> Self { counted(Double.minimum(lhs.x, rhs.x), \.others) }
  static func maximum(_ lhs: Self, _ rhs: Self) -> Self { counted(Double.maximum(lhs.x, rhs.x), \.others) }
  var nearestIntegerAndPowerOfTwo: (integer: Self, powerOfTwo: Self) {
    let (k, p) = x.nearestIntegerAndPowerOfTwo
    return (Self.counted(k, \.others), Self(p))
  }
  var binaryDecomposition: (significand: Self, exponent: Self) {
    let (m, e) = x.binaryDecomposition
    return (Self.counted(m, \.others), Self(e))
  }
  func select(greaterThan threshold: Double, _ ifGreater: Self, _ otherwise: Self) -> Self {
    Self.counted(x > threshold ? ifGreater.x : otherwise.x, \.others)
  }

  var smallestLane: Double { x }
  var allFinite: Bool { x.isFinite }
}

/// Operations of one patient's evaluation, by kind (`others`: minimum, maximum, select and the
/// exponent-field operations of `exponential` and `logarithm`; additions include subtractions
/// and negations).
struct OperationCount: Equatable, CustomStringConvertible {
  var multiplications, additions, divisions, others: Int
  init(_ multiplications: Int, _ additions: Int, _ divisions: Int, _ others: Int) {
    (self.multiplications, self.additions, self.divisions, self.others) = (multiplications, additions, divisions, others)
  }
  /// Floating-point arithmetic: multiplications, additions and divisions.
  var arithmetic: Int { multiplications + additions + divisions }
  static func + (a: Self, b: Self) -> Self {
    Self(a.multiplications + b.multiplications, a.additions + b.additions, a.divisions + b.divisions, a.others + b.others)
  }
  var description: String {
    "\(multiplications) ×, \(additions) ±, \(divisions) ÷, \(others) other (\(arithmetic) arithmetic)"
  }
}

@Suite("Operation census of the rate functions", .serialized)
struct OperationCensusTests {
  /// Operations of one patient's rate evaluation, prepared columns read or computed inline,
  /// and of the split implicit Euler update that follows it. The block holds 16 copies of the
  /// patient (the solver prepares inputs 16 or 8 lanes at a time); the count is for row 0.
  func census<M: CohortModel>(_ m: M, inputs: [Double], state: [Double])
    -> (prepared: OperationCount, inline: OperationCount, update: OperationCount)
  {
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
    func rateBlock(prepared: Bool) -> RateBlock {
      RateBlock(blockSize: n, state: x.pointer, inputs: block.pointer, production: p.pointer, loss: d.pointer, prepared: prepared)
    }
    func count(prepared: Bool) -> OperationCount {
      CountingLane.reset()
      m.rates(rateBlock(prepared: prepared), row: 0, as: CountingLane.self)
      return CountingLane.counts
    }
    let counts = (count(prepared: true), count(prepared: false))
    CountingLane.reset()
    SplitImplicitEuler().update(
      CountingLane.self, row: 0, rateBlock(prepared: true), columns: m.stateCount, stiff: m.stiffStates, h: 1)
    return (counts.0, counts.1, CountingLane.counts)
  }

  /// The integrated model at its default inputs and their steady state, and its census.
  func integratedCensus() throws
    -> (IntegratedModel, (prepared: OperationCount, inline: OperationCount, update: OperationCount))
  {
    let integrated = try IntegratedModel()
    let inputs = integrated.inputs.map(\.defaultValue)
    return (integrated, census(integrated, inputs: inputs, state: try integrated.initialState(inputs: inputs)))
  }

  @Test("the integrated model divides at most 10 times per patient-day with prepared inputs (30 before shared divisions), fewer than inline; Scheiner 2013 twice")
  func divisionsPerPatientDay() throws {
    let (integrated, i) = try integratedCensus()
    print("integrated model: \(i.prepared.divisions) divisions per rate evaluation prepared, \(i.inline.divisions) inline; + \(i.update.divisions) in the update")
    #expect(i.prepared.divisions > 0 && i.prepared.divisions < i.inline.divisions, "preparing the inputs removes divisions")
    #expect(i.prepared.divisions <= 10, "a new division in the integrated rate function: \(i.prepared.divisions) per patient-day (docs/PERFORMANCE.md)")
    // The split-implicit Euler update divides once per stiff state and patient-day.
    #expect(i.update.divisions == integrated.stiffStates.count)

    let scheiner = try Scheiner2013()
    let s = census(scheiner, inputs: [Double](repeating: 0, count: scheiner.inputCount), state: scheiner.initialState)
    print("Scheiner 2013: \(s.prepared.divisions) divisions per rate evaluation prepared, \(s.inline.divisions) inline")
    #expect(s.prepared.divisions == 2, "the shared-division kernel divides twice (ψ_bm and the batch inversion)")
  }

  /// The basis of the arithmetic ceiling in docs/PERFORMANCE.md: a patient-day of the
  /// integrated model (prepared rates and the update) costs 576 floating-point operations,
  /// 337 of them multiplications, a third in the day's four exponentials and two logarithms.
  @Test("the integrated model's patient-day: at most 600 floating-point operations, each exponential and logarithm about 30")
  func operationsPerPatientDay() throws {
    let (integrated, i) = try integratedCensus()
    CountingLane.reset()
    _ = CountingLane.exponential(CountingLane(0.3))
    let exponential = CountingLane.counts
    CountingLane.reset()
    _ = CountingLane.logarithm(CountingLane(1.3))
    let logarithm = CountingLane.counts
    let day = i.prepared + i.update
    print("integrated model per patient-day: rates prepared \(i.prepared); inline \(i.inline); update \(i.update); total \(day)")
    print("one exponential: \(exponential); one logarithm: \(logarithm)")
    #expect(i.prepared.arithmetic < i.inline.arithmetic, "preparing the inputs removes arithmetic")
    #expect(day.arithmetic <= 600, "new arithmetic in the integrated step: \(day.arithmetic) per patient-day (docs/PERFORMANCE.md)")
    // Every update of a non-stiff state multiplies and adds at least once each.
    #expect(i.update.multiplications >= integrated.stateCount && i.update.additions >= integrated.stateCount)
    let scheiner = try Scheiner2013()
    let c = census(scheiner, inputs: [Double](repeating: 0, count: scheiner.inputCount), state: scheiner.initialState)
    print("Scheiner 2013 per patient-day: rates \(c.prepared); update \(c.update); total \(c.prepared + c.update)")
    #expect((c.prepared + c.update).arithmetic < day.arithmetic / 2, "the Scheiner core is the smaller kernel")
    #expect((25...40).contains(exponential.arithmetic) && (25...45).contains(logarithm.arithmetic), "\(exponential), \(logarithm)")
  }
}
