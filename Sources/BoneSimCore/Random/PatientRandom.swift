import Foundation

/// Random numbers for one patient and one purpose, reproducible from (seed, patient, stream).
///
/// Draw `i` of a stream is Philox4x32-10 with key = the 64-bit seed and counter =
/// (i, stream, patient low word, patient high word): a patient's numbers depend only on the
/// seed, its id and the stream, never on blocks, threads, shards or other patients.
/// Each counter yields two doubles; `uniform(_:)` and `normal(_:)` are pure functions of the
/// draw index, so callers can address draws directly.
public struct PatientRandom: Sendable, Hashable {
  public let seed: UInt64
  public let patient: UInt64
  public let stream: UInt32
  @usableFromInline let philox: Philox4x32

  public init(seed: UInt64, patient: Int, stream: UInt32) {
    precondition(patient >= 0)
    self.seed = seed
    self.patient = UInt64(patient)
    self.stream = stream
    philox = Philox4x32(key: (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)))
  }

  /// Four raw words of counter `index`.
  @inlinable
  public func words(_ index: UInt32) -> (UInt32, UInt32, UInt32, UInt32) {
    philox.block(
      (index, stream, UInt32(truncatingIfNeeded: patient), UInt32(truncatingIfNeeded: patient >> 32)))
  }

  /// Two independent uniforms in the open interval (0, 1), 53 random bits each.
  @inlinable
  public func uniformPair(_ index: UInt32) -> (Double, Double) {
    let w = words(index)
    return (Self.unitInterval(w.0, w.1), Self.unitInterval(w.2, w.3))
  }

  /// Uniform in (0, 1) for draw `index` (the first of `uniformPair(index)`).
  @inlinable
  public func uniform(_ index: UInt32) -> Double { uniformPair(index).0 }

  /// Standard normal for draw `index`, by the Box–Muller transform of `uniformPair(index)`.
  @inlinable
  public func normal(_ index: UInt32) -> Double {
    let (u1, u2) = uniformPair(index)
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }

  /// Maps 64 bits to (0, 1): the top 53 bits plus one half, times 2⁻⁵³. Never 0 or 1.
  @inlinable
  static func unitInterval(_ lo: UInt32, _ hi: UInt32) -> Double {
    let bits = (UInt64(hi) << 32 | UInt64(lo)) >> 11
    return (Double(bits) + 0.5) * 0x1p-53
  }
}
