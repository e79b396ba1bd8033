/// The order that sorted a quantile sketch's last full level from one source, kept to start the
/// next sort from.
///
/// A chunk of a cohort gives a sketch one full level per output day: the same patients' values
/// of one output, whose order changes little from one day to the next (at most 3.7 inversions
/// per patient between monthly outputs of `natural_menopause`, most outputs well under 1). Sorted
/// in the previous day's order, they need only a short insertion sort
/// (`KeySort.sortedKeys(of:scratch:order:spare:hinted:)`).
///
/// Only the time a sort takes depends on the hint: the sorted values, and so every quantile, are
/// the same with any hint or with none.
public struct SortHint {
  /// `order[r]`: the position, among the last values sorted, of the value of rank r.
  let order: UnsafeMutablePointer<UInt16>
  /// Work space for a sort that does not follow the hint.
  let spare: UnsafeMutablePointer<UInt16>
  /// Values per sort (at most 65,536); levels of another size are sorted without the hint.
  public let count: Int
  /// Whether `order` sorted the last values (so the next sort starts from it).
  public internal(set) var isSet = false
  /// Sorts in a row that the hint did not help; after the k-th, the next 2^k − 1 sorts (at
  /// most 31) go without it, so an output whose order does not persist (a hormone level that
  /// cycles with its patch) costs about what it cost before hints, and one that settles
  /// (a percent change after its first day) soon gets them again.
  var misses = 0
  /// Sorts left to go without the hint.
  var wait = 0

  /// A hint keeping its order at `order` and sorting in `spare`, each at least `count` indices
  /// (not initialized). Hints used one at a time may share `spare`; the caller owns both.
  public init(order: UnsafeMutablePointer<UInt16>, spare: UnsafeMutablePointer<UInt16>, count: Int) {
    precondition(count >= 2 && count <= 1 << 16, "a sort hint orders 2 to 65,536 values")
    self.order = order
    self.spare = spare
    self.count = count
  }

  /// The sorted keys of `values` (`count` of them, finite) in `scratch`, as
  /// `KeySort.sortedKeys(of:scratch:)` gives them: from the last order when there is one, and
  /// keeping the new order for the next sort unless the hint is waiting.
  mutating func sortedKeys(
    of values: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<UInt64>
  ) -> (keys: UnsafeMutablePointer<UInt64>, negativeZeros: Bool) {
    precondition(values.count == count, "a sort hint for \(count) values")
    if wait > 0 {
      wait -= 1
      return KeySort.sortedKeys(of: values, scratch: scratch)
    }
    let hinted = isSet
    let sorted = KeySort.sortedKeys(of: values, scratch: scratch, order: order, spare: spare, hinted: hinted)
    isSet = sorted.ordered
    if hinted && !sorted.ordered {
      misses += 1
      wait = (1 << Swift.min(misses, 5)) - 1
    } else if hinted {
      misses = 0
    }
    return (sorted.keys, sorted.negativeZeros)
  }
}
