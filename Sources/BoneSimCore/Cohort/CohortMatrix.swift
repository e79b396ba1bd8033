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

  /// One patient's row.
  public func row(_ patient: Int) -> [Double] {
    (0..<columns).map { self[patient, $0] }
  }
}
