/// Exponential and logarithm written once over `Lane`, so that a patient's value is the
/// same bits on the scalar path and in any SIMD lane, on every machine (no libm or libmvec
/// variant is involved), and SIMD8 and SIMD16 evaluate their lanes with polynomial arithmetic
/// instead of one libm call per lane.
///
/// Accuracy: within a few ulp of the correctly rounded result on the domains below (tests
/// compare with libm); that is far below the model's own uncertainty and the integrator's
/// error, and the functions are deterministic.

// Range reduction constants: ln 2 split so that k·ln2Hi is exact for |k| < 2^11.
@usableFromInline let ln2Hi = 6.93147180369123816490e-01
@usableFromInline let ln2Lo = 1.90821492927058770002e-10
@usableFromInline let log2e = 1.44269504088896338700

extension Lane {
  /// e^x for −708 < x < 709 (2^k must be a normal double).
  ///
  /// `x = k·ln 2 + r` with `|r| ≤ ln 2 / 2` (Cody–Waite), e^r by its Taylor series to degree
  /// 13 (truncation < 3e-17 relative), scaled by 2^k through the exponent field.
  @inlinable @inline(__always)
  public static func exponential(_ x: Self) -> Self {
    let (k, scale) = (x * log2e).nearestIntegerAndPowerOfTwo
    let r = x - k * ln2Hi - k * ln2Lo
    // Horner form of Σ r^n/n!, n = 0…13.
    var p = Self(broadcast: 1.0 / 6_227_020_800)  // 1/13!
    p = p * r + 1.0 / 479_001_600
    p = p * r + 1.0 / 39_916_800
    p = p * r + 1.0 / 3_628_800
    p = p * r + 1.0 / 362_880
    p = p * r + 1.0 / 40_320
    p = p * r + 1.0 / 5_040
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    return p * scale
  }

  /// Natural logarithm for positive normal x.
  ///
  /// `x = m·2^e` with `m ∈ [√½, √2)`; `ln m = 2·atanh(z)`, `z = (m − 1)/(m + 1)`,
  /// `|z| ≤ 0.1716`, by its series to z^23 (truncation < 1e-18 relative);
  /// `ln x = e·ln 2 + ln m`, accurate relative to ln x also near x = 1.
  @inlinable @inline(__always)
  public static func logarithm(_ x: Self) -> Self {
    let (m1, e1) = x.binaryDecomposition
    let m = m1.select(greaterThan: 1.4142135623730951, m1 * 0.5, m1)
    let e = m1.select(greaterThan: 1.4142135623730951, e1 + 1, e1)
    let z = (m - 1) / (m + 1)
    let z2 = z * z
    var s = Self(broadcast: 1.0 / 23)
    s = s * z2 + 1.0 / 21
    s = s * z2 + 1.0 / 19
    s = s * z2 + 1.0 / 17
    s = s * z2 + 1.0 / 15
    s = s * z2 + 1.0 / 13
    s = s * z2 + 1.0 / 11
    s = s * z2 + 1.0 / 9
    s = s * z2 + 1.0 / 7
    s = s * z2 + 1.0 / 5
    s = s * z2 + 1.0 / 3
    s = s * z2 + 1
    return e * ln2Hi + (e * ln2Lo + 2 * z * s)
  }
}
