import Foundation

/// The blocks of one solver segment, handed out one at a time to whichever worker asks next.
///
/// With fixed ranges, a worker whose core is shared with another process holds the others up at
/// every checkpoint; claiming blocks as they go, it simply does fewer. A claim is one lock per
/// block and segment (a block is stepped through all the segment's days, milliseconds of work),
/// and which worker steps a block changes nothing in its arithmetic.
@usableFromInline
final class BlockQueue: @unchecked Sendable {
  private let lock = NSLock()
  private let count: Int
  private var next = 0

  /// A queue of blocks `0 ..< count` whose first `handedOut` blocks are already taken (the
  /// solver gives worker w block w before any claim, so every worker steps at least one).
  @usableFromInline
  init(count: Int, handedOut: Int) {
    self.count = count
    next = Swift.min(handedOut, count)
  }

  /// The lowest block not yet claimed, or nil when every block is claimed.
  @usableFromInline
  func claim() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard next < count else { return nil }
    next += 1
    return next - 1
  }
}
