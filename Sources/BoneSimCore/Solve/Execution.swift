/// How a cohort's blocks are spread over threads. Results never depend on it.
public enum Execution: Sendable, Hashable {
  /// Everything on the calling thread.
  case serial
  /// `n` workers claiming blocks one at a time (`BlockQueue`); workers meet only at
  /// checkpoints.
  case threads(Int)

  /// Workers used for `blocks` blocks.
  public func workers(blocks: Int) -> Int {
    switch self {
    case .serial: return 1
    case .threads(let n): return Swift.max(1, Swift.min(n, blocks))
    }
  }
}
