/// Sorting doubles by their bits: a least-significant-digit radix sort that gives, bit for bit,
/// the order of the standard library's stable `sort()` (so summaries built on it keep their bytes).
///
/// Each double maps to an unsigned key whose order is the order of `<`: a positive value gets its
/// sign bit set, a negative one all bits flipped. `−0` takes the key of `+0`, because `<` holds
/// them equal; a stable sort keeps equal values in arrival order, and every pair of equal values
/// other than ±0 has the same bits, so only a run of zeros needs its signs put back in arrival
/// order. Bytes that are the same in every key (the exponent of values in one range) are skipped.
/// The counts of all eight bytes come from one pass over the keys.
///
/// - Complexity: O(n · b) for b varying bytes (at most 8), with 2n keys of scratch and 8 × 256
///   counts on the stack. Values must not be NaN.
extension UnsafeMutableBufferPointer where Element == Double {
  /// Sorts with scratch on the stack (or the heap, for long buffers).
  public func radixSort() {
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * count) { radixSort(scratch: $0) }
  }

  /// Sorts with `scratch`, at least `2 · count` keys, as work space: a caller sorting many
  /// buffers gives the same scratch every time instead of fresh memory (whose first touch
  /// costs the kernel's page clearing).
  public func radixSort(scratch: UnsafeMutableBufferPointer<UInt64>) {
    let n = count
    guard n > 1 else { return }
    if n <= 32 { return insertionSort() }
    precondition(scratch.count >= 2 * n, "radixSort needs 2 · count keys of scratch")
    let values = baseAddress!
    let sign: UInt64 = 1 << 63
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 8 * 256) { counts in
      var source = scratch.baseAddress!, target = source + n
      // Keys, and the counts of every byte of them in one pass (eight tables, so that keys
      // sharing a byte do not wait on one counter eight times over).
      let bucket = counts.baseAddress!
      bucket.initialize(repeating: 0, count: 8 * 256)
      var negativeZeros = false
      for i in 0..<n {
        var bits = values[i].bitPattern
        if bits == sign {
          bits = 0
          negativeZeros = true
        }
        let key = bits & sign == 0 ? bits | sign : ~bits
        source[i] = key
        for d in 0..<8 { bucket[d &* 256 &+ Int(truncatingIfNeeded: (key >> UInt64(8 &* d)) & 0xFF)] &+= 1 }
      }
      // A byte that is the same in every key (one bucket holds all n) leaves the order as it is.
      for d in 0..<8 where bucket[d &* 256 &+ Int(truncatingIfNeeded: (source[0] >> UInt64(8 &* d)) & 0xFF)] != n {
        let shift = UInt64(8 * d)
        let table = bucket + d &* 256
        var start = 0
        for b in 0..<256 {
          let c = table[b]
          table[b] = start
          start &+= c
        }
        for i in 0..<n {
          let key = source[i]
          let b = Int(truncatingIfNeeded: (key >> shift) & 0xFF)
          target[table[b]] = key
          table[b] &+= 1
        }
        swap(&source, &target)
      }
      if negativeZeros {
        // The zeros in arrival order, then the sorted values with their zero run replaced.
        var zeros: [Double] = []
        for i in 0..<n where values[i] == 0 { zeros.append(values[i]) }
        var z = 0
        for i in 0..<n {
          let key = source[i]
          let x = Double(bitPattern: key & sign != 0 ? key ^ sign : ~key)
          if x == 0 {
            values[i] = zeros[z]
            z += 1
          } else {
            values[i] = x
          }
        }
      } else {
        for i in 0..<n {
          let key = source[i]
          values[i] = Double(bitPattern: key & sign != 0 ? key ^ sign : ~key)
        }
      }
    }
  }

  /// Stable insertion sort for short buffers.
  func insertionSort() {
    guard count > 1 else { return }
    let v = baseAddress!
    for i in 1..<count {
      let x = v[i]
      var j = i
      while j > 0 && x < v[j - 1] {
        v[j] = v[j - 1]
        j -= 1
      }
      v[j] = x
    }
  }
}
