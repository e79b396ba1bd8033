/// Quantities a model derives from its inputs alone, computed when the inputs change instead
/// of at every rate evaluation.
///
/// Inputs are piecewise constant and most of them hold for a whole run (a patient's diet,
/// clearance multipliers, a steady patch rate), but a rate function that computes, say, a
/// dose–exposure power law from them pays its exponential and logarithm every day. A model
/// that declares `preparedCount > 0` writes such values into columns after its inputs
/// (`inputCount ..< inputCount + preparedCount`); the solver calls `prepare` when a block's
/// inputs are filled and, on the following days, only for the lanes whose `preparedSources`
/// changed (compared bit for bit with a copy kept from the last preparation), and tells the
/// rate function through `RateBlock.prepared`. Rate functions read the columns when prepared
/// and compute the same expressions inline otherwise (outputs, steady states, tests), so a
/// patient's bits are the same on both paths. The requirements are part of `CohortModel`.
extension CohortModel {
  public var preparedCount: Int { 0 }
  public var preparedSources: [Int] { [] }
  public func prepare<L: Lane>(_ inputs: UnsafeMutablePointer<Double>, blockSize: Int, row: Int, as lane: L.Type) {}

  /// Prepares a whole input block (16-wide lanes, 8-wide for a remainder).
  ///
  /// - Parameters:
  ///   - inputs: one block of inputs followed by room for `preparedCount` columns.
  ///   - sources: room for `preparedSources.count` columns: the source inputs as last prepared.
  ///   - refresh: prepare every lane (the block's inputs were just filled, or `sources` holds
  ///     another block's values); otherwise only lanes whose sources differ from `sources`.
  /// - Complexity: O(sources · blockSize) to compare, plus the preparation of changed lanes.
  @inlinable
  public func prepareBlock(
    inputs: UnsafeMutablePointer<Double>, sources: UnsafeMutablePointer<Double>, blockSize: Int, refresh: Bool
  ) {
    let columns = preparedSources
    if columns.isEmpty || preparedCount == 0 { return }
    var row = 0
    while row < blockSize {
      let wide = row &+ 16 <= blockSize
      let width = wide ? 16 : 8
      if refresh || Self.sourcesChanged(inputs, sources, columns, blockSize: blockSize, row: row, width: width) {
        for (k, c) in columns.enumerated() {
          (sources + k * blockSize + row).update(from: inputs + c * blockSize + row, count: width)
        }
        if wide {
          prepare(inputs, blockSize: blockSize, row: row, as: SIMD16<Double>.self)
        } else {
          prepare(inputs, blockSize: blockSize, row: row, as: SIMD8<Double>.self)
        }
      }
      row &+= width
    }
  }

  /// Whether any source column differs, bit for bit (−0 from +0, any NaN), from its copy.
  @inlinable
  static func sourcesChanged(
    _ inputs: UnsafeMutablePointer<Double>, _ sources: UnsafeMutablePointer<Double>, _ columns: [Int],
    blockSize: Int, row: Int, width: Int
  ) -> Bool {
    var differ: UInt64 = 0
    for (k, c) in columns.enumerated() {
      let now = UnsafeRawPointer(inputs + c * blockSize + row)
      let then = UnsafeRawPointer(sources + k * blockSize + row)
      for i in 0..<width {
        differ |= now.load(fromByteOffset: 8 &* i, as: UInt64.self) ^ then.load(fromByteOffset: 8 &* i, as: UInt64.self)
      }
    }
    return differ != 0
  }
}
