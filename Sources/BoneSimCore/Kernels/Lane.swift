/// A value that rate functions compute with: one patient (`Double`), or eight or sixteen
/// patients at once (`SIMD8<Double>`, `SIMD16<Double>`).
///
/// Every rate in BoneSim is written once, generic over `Lane`, and runs unchanged on a
/// single patient and on a vectorized cohort block, so the scalar and SIMD paths cannot
/// drift apart. Arithmetic is IEEE 754 per lane with no fused multiply-add, so a patient's
/// result does not depend on which lane or block it occupies.
public protocol Lane: Sendable {
  /// Number of patients one value carries.
  static var laneCount: Int { get }

  /// The same scalar in every lane.
  init(broadcast scalar: Double)

  /// Loads `laneCount` consecutive doubles.
  init(loading pointer: UnsafePointer<Double>)

  /// Stores `laneCount` consecutive doubles.
  func store(to pointer: UnsafeMutablePointer<Double>)

  static func + (lhs: Self, rhs: Self) -> Self
  static func - (lhs: Self, rhs: Self) -> Self
  static func * (lhs: Self, rhs: Self) -> Self
  static func / (lhs: Self, rhs: Self) -> Self
  static prefix func - (operand: Self) -> Self

  static func + (lhs: Self, rhs: Double) -> Self
  static func - (lhs: Self, rhs: Double) -> Self
  static func * (lhs: Self, rhs: Double) -> Self
  static func / (lhs: Self, rhs: Double) -> Self
  static func + (lhs: Double, rhs: Self) -> Self
  static func - (lhs: Double, rhs: Self) -> Self
  static func * (lhs: Double, rhs: Self) -> Self
  static func / (lhs: Double, rhs: Self) -> Self

  /// Lane-wise minimum, `rhs < lhs ? rhs : lhs` (the same rule, ±0 and NaN included, in
  /// every conformance, so scalar and SIMD paths agree bit for bit).
  static func minimum(_ lhs: Self, _ rhs: Self) -> Self
  /// Lane-wise maximum, `rhs > lhs ? rhs : lhs`.
  static func maximum(_ lhs: Self, _ rhs: Self) -> Self

  /// `(k, 2^k)` with `k` the nearest integer to `self` (ties to even), for |self| ≤ 1022.
  ///
  /// Computed with the 1.5·2^52 shift (the integer lands in the low significand bits, which
  /// also build 2^k's exponent field) so that SIMD lanes never leave vector registers.
  var nearestIntegerAndPowerOfTwo: (integer: Self, powerOfTwo: Self) { get }
  /// `(m, e)` with `self = m·2^e`, `m ∈ [1, 2)`, for positive normal values.
  var binaryDecomposition: (significand: Self, exponent: Self) { get }

  /// Lane-wise `self > threshold ? ifGreater : otherwise`.
  func select(greaterThan threshold: Double, _ ifGreater: Self, _ otherwise: Self) -> Self

  /// The smallest lane.
  var smallestLane: Double { get }
  /// True when every lane is finite.
  var allFinite: Bool { get }
}

extension Lane {
  /// Lane-wise minimum with a scalar.
  @inlinable @inline(__always)
  public static func minimum(_ lhs: Self, _ rhs: Double) -> Self {
    minimum(lhs, Self(broadcast: rhs))
  }

  /// Lane-wise maximum with a scalar.
  @inlinable @inline(__always)
  public static func maximum(_ lhs: Self, _ rhs: Double) -> Self {
    maximum(lhs, Self(broadcast: rhs))
  }
}

extension Double: Lane {

  @inlinable public static var laneCount: Int { 1 }

  @inlinable @inline(__always)
  public init(broadcast scalar: Double) { self = scalar }

  @inlinable @inline(__always)
  public init(loading pointer: UnsafePointer<Double>) { self = pointer.pointee }

  @inlinable @inline(__always)
  public func store(to pointer: UnsafeMutablePointer<Double>) { pointer.pointee = self }

  @inlinable @inline(__always)
  public static func minimum(_ lhs: Double, _ rhs: Double) -> Double { rhs < lhs ? rhs : lhs }

  @inlinable @inline(__always)
  public static func maximum(_ lhs: Double, _ rhs: Double) -> Double { rhs > lhs ? rhs : lhs }

  @inlinable @inline(__always) public var nearestIntegerAndPowerOfTwo: (integer: Double, powerOfTwo: Double) {
    let shifted = self + roundingShift
    return (shifted - roundingShift, Double(bitPattern: (shifted.bitPattern &+ 1023) &<< 52))
  }

  @inlinable @inline(__always) public var binaryDecomposition: (significand: Double, exponent: Double) {
    let bits = bitPattern
    // The biased exponent as a double, exactly: 2^52 + e in the significand, minus 2^52.
    let exponent = Double(bitPattern: ((bits >> 52) & 0x7FF) | 0x4330_0000_0000_0000) - (0x1p52 + 1023)
    return (Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000), exponent)
  }

  @inlinable @inline(__always)
  public func select(greaterThan threshold: Double, _ ifGreater: Double, _ otherwise: Double) -> Double {
    self > threshold ? ifGreater : otherwise
  }

  @inlinable public var smallestLane: Double { self }
  @inlinable public var allFinite: Bool { isFinite }
}

extension SIMD8: Lane where Scalar == Double {
  @inlinable public static var laneCount: Int { 8 }

  @inlinable @inline(__always)
  public init(broadcast scalar: Double) { self.init(repeating: scalar) }

  @inlinable @inline(__always)
  public init(loading pointer: UnsafePointer<Double>) {
    self = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Double>.self)
  }

  @inlinable @inline(__always)
  public func store(to pointer: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: SIMD8<Double>.self)
  }

  @inlinable @inline(__always)
  public static func minimum(_ lhs: Self, _ rhs: Self) -> Self { lhs.replacing(with: rhs, where: rhs .< lhs) }

  @inlinable @inline(__always)
  public static func maximum(_ lhs: Self, _ rhs: Self) -> Self { lhs.replacing(with: rhs, where: rhs .> lhs) }

  @inlinable @inline(__always) public var nearestIntegerAndPowerOfTwo: (integer: Self, powerOfTwo: Self) {
    let shifted = self + roundingShift
    let bits = (unsafeBitCast(shifted, to: SIMD8<UInt64>.self) &+ 1023) &<< 52
    return (shifted - roundingShift, unsafeBitCast(bits, to: SIMD8<Double>.self))
  }

  @inlinable @inline(__always) public var binaryDecomposition: (significand: Self, exponent: Self) {
    let bits = unsafeBitCast(self, to: SIMD8<UInt64>.self)
    let biased = unsafeBitCast(((bits &>> 52) & 0x7FF) | 0x4330_0000_0000_0000, to: SIMD8<Double>.self)
    let mantissa = (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000
    return (unsafeBitCast(mantissa, to: SIMD8<Double>.self), biased - (0x1p52 + 1023))
  }

  @inlinable @inline(__always)
  public func select(greaterThan threshold: Double, _ ifGreater: Self, _ otherwise: Self) -> Self {
    otherwise.replacing(with: ifGreater, where: self .> threshold)
  }

  @inlinable public var smallestLane: Double { self.min() }

  @inlinable public var allFinite: Bool {
    // x - x is 0 for finite x and NaN otherwise; NaN != NaN.
    let d = self - self
    return d == SIMD8<Double>(repeating: 0)
  }
}

// The same operations as SIMD8's, width 16. Written once as a protocol extension over
// `SIMD` (bits through `MaskStorage`) they gave the same bits but were not specialized into
// the rate code: stepping 5× slower (measured), so the two conformances are spelled out.
extension SIMD16: Lane where Scalar == Double {
  @inlinable public static var laneCount: Int { 16 }

  @inlinable @inline(__always)
  public init(broadcast scalar: Double) { self.init(repeating: scalar) }

  @inlinable @inline(__always)
  public init(loading pointer: UnsafePointer<Double>) {
    self = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Double>.self)
  }

  @inlinable @inline(__always)
  public func store(to pointer: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: SIMD16<Double>.self)
  }

  @inlinable @inline(__always)
  public static func minimum(_ lhs: Self, _ rhs: Self) -> Self { lhs.replacing(with: rhs, where: rhs .< lhs) }

  @inlinable @inline(__always)
  public static func maximum(_ lhs: Self, _ rhs: Self) -> Self { lhs.replacing(with: rhs, where: rhs .> lhs) }

  @inlinable @inline(__always) public var nearestIntegerAndPowerOfTwo: (integer: Self, powerOfTwo: Self) {
    let shifted = self + roundingShift
    let bits = (unsafeBitCast(shifted, to: SIMD16<UInt64>.self) &+ 1023) &<< 52
    return (shifted - roundingShift, unsafeBitCast(bits, to: SIMD16<Double>.self))
  }

  @inlinable @inline(__always) public var binaryDecomposition: (significand: Self, exponent: Self) {
    let bits = unsafeBitCast(self, to: SIMD16<UInt64>.self)
    let biased = unsafeBitCast(((bits &>> 52) & 0x7FF) | 0x4330_0000_0000_0000, to: SIMD16<Double>.self)
    let mantissa = (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000
    return (unsafeBitCast(mantissa, to: SIMD16<Double>.self), biased - (0x1p52 + 1023))
  }

  @inlinable @inline(__always)
  public func select(greaterThan threshold: Double, _ ifGreater: Self, _ otherwise: Self) -> Self {
    otherwise.replacing(with: ifGreater, where: self .> threshold)
  }

  @inlinable public var smallestLane: Double { self.min() }

  @inlinable public var allFinite: Bool {
    // x - x is 0 for finite x and NaN otherwise; NaN != NaN.
    let d = self - self
    return d == SIMD16<Double>(repeating: 0)
  }
}

/// 1.5·2^52: adding it rounds a double of magnitude < 2^51 to an integer (ties to even).
@usableFromInline let roundingShift = 6_755_399_441_055_744.0

// MARK: - Receptor occupancy and clipping

/// `x` limited to `[lower, upper]`.
@inlinable @inline(__always)
public func clamp<L: Lane>(_ x: L, _ lower: Double, _ upper: Double) -> L {
  L.minimum(L.maximum(x, lower), upper)
}

/// Activator Hill function of order 1, `x / (x + K)`: 0 at `x = 0`, ½ at `x = K`, → 1.
@inlinable @inline(__always)
public func activation<L: Lane>(_ x: L, _ halfSaturation: Double) -> L {
  x / (x + halfSaturation)
}

/// Repressor Hill function of order 1, `K / (x + K)`: 1 at `x = 0`, ½ at `x = K`, → 0.
@inlinable @inline(__always)
public func repression<L: Lane>(_ x: L, _ halfSaturation: Double) -> L {
  halfSaturation / (x + halfSaturation)
}

/// The reciprocals of two values with one division: `1/(a·b)` times the other one.
///
/// Within 3·2⁻⁵³ relative of each exact reciprocal; valid when `a·b` is a normal number.
@inlinable @inline(__always)
public func reciprocals<L: Lane>(_ a: L, _ b: L) -> (L, L) {
  let inverse = 1 / (a * b)
  return (inverse * b, inverse * a)
}

/// The reciprocals of three values with one division (Montgomery's batch inversion, below).
///
/// Within 5·2⁻⁵³ relative of each exact reciprocal; valid when `a·b·c` is a normal number.
@inlinable @inline(__always)
public func reciprocals<L: Lane>(_ a: L, _ b: L, _ c: L) -> (L, L, L) {
  let ab = a * b
  var inverse = 1 / (ab * c)  // 1/(abc)
  let rc = inverse * ab
  inverse = inverse * c  // 1/(ab)
  return (inverse * b, inverse * a, rc)
}

/// The reciprocals of four values with one division (Montgomery's batch inversion: the
/// running products, one reciprocal of the last, then six multiplications back).
///
/// Each result carries at most 7 roundings where `1 / x` carries one, so it is within
/// 7·2⁻⁵³ ≈ 8e-16 relative of the exact reciprocal. Valid when the product of all four is a
/// normal number; a zero or infinite argument makes every result non-finite or zero.
@inlinable @inline(__always)
public func reciprocals<L: Lane>(_ a: L, _ b: L, _ c: L, _ d: L) -> (L, L, L, L) {
  let ab = a * b, abc = ab * c
  var inverse = 1 / (abc * d)  // 1/(abcd)
  let rd = inverse * abc
  inverse = inverse * d  // 1/(abc)
  let rc = inverse * ab
  inverse = inverse * c  // 1/(ab)
  return (inverse * b, inverse * a, rc, rd)
}

/// The reciprocals of eight values with one division: the four-value batch inversion applied
/// to the pairwise products, then each pair split as in `reciprocals(_:_:)`.
///
/// Within 9·2⁻⁵³ ≈ 1.0e-15 relative of each exact reciprocal; valid when the product of all
/// eight is a normal number (callers keep each value in a bounded positive range).
@inlinable @inline(__always)
public func reciprocals<L: Lane>(
  _ a: L, _ b: L, _ c: L, _ d: L, _ e: L, _ f: L, _ g: L, _ h: L
) -> (L, L, L, L, L, L, L, L) {
  let (rab, rcd, ref, rgh) = reciprocals(a * b, c * d, e * f, g * h)
  return (rab * b, rab * a, rcd * d, rcd * c, ref * f, ref * e, rgh * h, rgh * g)
}
