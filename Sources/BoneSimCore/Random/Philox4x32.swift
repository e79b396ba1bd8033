/// The Philox4x32-10 counter-based random function (Salmon, Moraes, Dror, Shaw, "Parallel
/// random numbers: as easy as 1, 2, 3", SC'11, doi:10.1145/2063384.2063405).
///
/// A keyed bijection of a 128-bit counter: the same (counter, key) always gives the same four
/// 32-bit words, so any draw can be computed directly from its coordinates, with no
/// sequential state shared between patients or threads. Verified against the Random123
/// known-answer vectors (`tests/kat_vectors`, "philox4x32 10" lines) in the tests.
public struct Philox4x32: Sendable, Hashable {
  /// Two 32-bit key words.
  public var key: (UInt32, UInt32)

  public init(key: (UInt32, UInt32)) { self.key = key }

  public static func == (a: Self, b: Self) -> Bool { a.key == b.key }
  public func hash(into h: inout Hasher) {
    h.combine(key.0)
    h.combine(key.1)
  }

  // Constants of Philox4x32 (Random123 philox.h).
  @usableFromInline static let multiplier0: UInt32 = 0xD251_1F53
  @usableFromInline static let multiplier1: UInt32 = 0xCD9E_8D57
  @usableFromInline static let weyl0: UInt32 = 0x9E37_79B9  // golden ratio
  @usableFromInline static let weyl1: UInt32 = 0xBB67_AE85  // sqrt(3) - 1
  @usableFromInline static let rounds = 10

  /// The four output words for `counter`.
  @inlinable
  public func block(_ counter: (UInt32, UInt32, UInt32, UInt32)) -> (UInt32, UInt32, UInt32, UInt32) {
    var c = counter
    var k = key
    for round in 0..<Self.rounds {
      if round > 0 {
        k.0 &+= Self.weyl0
        k.1 &+= Self.weyl1
      }
      let p0 = UInt64(Self.multiplier0) &* UInt64(c.0)
      let p1 = UInt64(Self.multiplier1) &* UInt64(c.2)
      let hi0 = UInt32(truncatingIfNeeded: p0 >> 32), lo0 = UInt32(truncatingIfNeeded: p0)
      let hi1 = UInt32(truncatingIfNeeded: p1 >> 32), lo1 = UInt32(truncatingIfNeeded: p1)
      c = (hi1 ^ c.1 ^ k.0, lo1, hi0 ^ c.3 ^ k.1, lo0)
    }
    return c
  }
}
