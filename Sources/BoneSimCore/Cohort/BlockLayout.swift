/// How a cohort's numbers are laid out in memory.
///
/// Patients are grouped in blocks of `blockSize` (a multiple of 8). Within a block every
/// column (one state or one input) is `blockSize` contiguous doubles, so a kernel sweeps one
/// quantity for all of the block's patients with aligned SIMD loads; a block of a typical
/// model (≤ 16 columns × 256 patients × 8 B = 32 KiB) stays in L1/L2 while it is stepped
/// through many days. Patient `p` always sits in block `p / blockSize`, row `p % blockSize`,
/// whatever the number of threads, which keeps results independent of the execution.
public struct BlockLayout: Sendable, Hashable {
  /// Patients per block; a multiple of 8.
  public let blockSize: Int
  /// Columns per block.
  public let columns: Int

  /// The default block size [patients]: 256 patients × 8 B = one 2 KiB column.
  public static let defaultBlockSize = 256

  public init(blockSize: Int = BlockLayout.defaultBlockSize, columns: Int) {
    precondition(blockSize > 0 && blockSize % 8 == 0, "block size must be a positive multiple of 8")
    precondition(columns >= 0)
    self.blockSize = blockSize
    self.columns = columns
  }

  /// Doubles in one block.
  @inlinable public var blockStride: Int { blockSize * columns }

  /// Blocks needed for `patients` patients (the last block is padded).
  @inlinable public func blockCount(patients: Int) -> Int {
    (patients + blockSize - 1) / blockSize
  }

  /// Offset of `column` of `block` from the start of storage.
  @inlinable public func offset(block: Int, column: Int) -> Int {
    block * blockStride + column * blockSize
  }
}
