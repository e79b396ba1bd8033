/// A patients × columns matrix of doubles stored in patient blocks (see `BlockLayout`).
///
/// Used for cohort state (one column per state variable) and for per-day inputs (one column
/// per input). Rows past `patients` in the last block are padding: kernels compute on them
/// (so every SIMD load is full) but nothing reads them back.
public final class CohortMatrix: @unchecked Sendable {
  /// Real patients (excluding padding).
  public let patients: Int
  public let layout: BlockLayout
  public let blockCount: Int
  public let storage: AlignedBuffer

  public init(patients: Int, columns: Int, blockSize: Int = BlockLayout.defaultBlockSize) {
    precondition(patients > 0, "a cohort needs at least one patient")
    layout = BlockLayout(blockSize: blockSize, columns: columns)
    self.patients = patients
    blockCount = layout.blockCount(patients: patients)
    storage = AlignedBuffer(count: blockCount * layout.blockStride)
  }

  @inlinable public var columns: Int { layout.columns }

  /// First element of `column` in `block`; `layout.blockSize` contiguous doubles follow.
  @inlinable public func column(_ column: Int, block: Int) -> UnsafeMutablePointer<Double> {
    storage.pointer + layout.offset(block: block, column: column)
  }

  /// First element of `block`; `layout.blockStride` doubles follow, column after column.
  @inlinable public func block(_ block: Int) -> UnsafeMutablePointer<Double> {
    storage.pointer + block * layout.blockStride
  }

  /// Element for one patient and column.
  @inlinable public subscript(patient: Int, column: Int) -> Double {
    get {
      precondition(patient >= 0 && patient < patients && column >= 0 && column < columns)
      let b = patient / layout.blockSize
      return self.column(column, block: b)[patient - b * layout.blockSize]
    }
    set {
      precondition(patient >= 0 && patient < patients && column >= 0 && column < columns)
      let b = patient / layout.blockSize
      self.column(column, block: b)[patient - b * layout.blockSize] = newValue
    }
  }

  /// Sets one column to `value` for every patient, padding included.
  public func fill(column: Int, with value: Double) {
    for b in 0..<blockCount {
      self.column(column, block: b).update(repeating: value, count: layout.blockSize)
    }
  }

  /// Copies the first patient of the last block into its padding rows, so padding holds
  /// a valid patient and never produces non-finite numbers.
  public func replicatePadding() {
    let b = blockCount - 1
    let first = b * layout.blockSize
    let used = patients - first
    guard used < layout.blockSize else { return }
    for c in 0..<columns {
      let col = column(c, block: b)
      for r in used..<layout.blockSize { col[r] = col[0] }
    }
  }

  /// Sum of `column` over the real patients in a fixed order: eight partial sums, patient
  /// `p` into sum `p mod 8`, added patient by patient, then the eight added pairwise. The order
  /// depends on neither threads nor block size, and eight independent chains run about eight
  /// times faster than one.
  public func columnSum(_ column: Int) -> Double {
    var partial = SIMD8<Double>(repeating: 0)
    for b in 0..<blockCount {
      let col = self.column(column, block: b)
      let rows = Swift.min(layout.blockSize, patients - b * layout.blockSize)
      var r = 0
      while r + 8 <= rows {
        partial += UnsafeRawPointer(col + r).loadUnaligned(as: SIMD8<Double>.self)
        r += 8
      }
      while r < rows {
        partial[r & 7] += col[r]
        r += 1
      }
    }
    let quads = partial.lowHalf + partial.highHalf
    let pairs = quads.lowHalf + quads.highHalf
    return pairs[0] + pairs[1]
  }

  /// One patient's row.
  public func row(_ patient: Int) -> [Double] {
    (0..<columns).map { self[patient, $0] }
  }
}
