import BoneSimCore
import Foundation
import Testing

@Suite("Reciprocals with one division")
struct ReciprocalsTests {
  /// Four values spanning 1e-60 … 1e60 (their product stays normal), on a scalar and on
  /// 8 and 16 lanes: each result within 7·2⁻⁵³ relative of the correctly rounded `1 / x`, and
  /// the lanes equal to the scalar bit for bit.
  @Test("each of four reciprocals is within 7·2⁻⁵³ relative of 1/x, on every lane width")
  func fourValues() {
    let bound = 7 * 0x1p-53
    var worst = 0.0
    let r = PatientRandom(seed: 9, patient: 0, stream: 0)
    for i in 0..<20_000 {
      let x = (0..<4).map { k in
        (k == 1 ? -1.0 : 1.0) * Foundation.exp(-138 + 276 * r.uniform(UInt32(4 * i + k)))
      }
      let (a, b, c, d) = reciprocals(x[0], x[1], x[2], x[3])
      for (got, value) in zip([a, b, c, d], x) {
        worst = Swift.max(worst, abs(got - 1 / value) / abs(1 / value))
      }
      let (a8, _, _, d8) = reciprocals(
        SIMD8(repeating: x[0]), SIMD8(repeating: x[1]), SIMD8(repeating: x[2]), SIMD8(repeating: x[3]))
      let (_, b16, c16, _) = reciprocals(
        SIMD16(repeating: x[0]), SIMD16(repeating: x[1]), SIMD16(repeating: x[2]), SIMD16(repeating: x[3]))
      #expect(a8 == SIMD8(repeating: a) && d8 == SIMD8(repeating: d))
      #expect(b16 == SIMD16(repeating: b) && c16 == SIMD16(repeating: c))
    }
    #expect(worst <= bound, "worst \(worst / 0x1p-53) × 2⁻⁵³")
    #expect(worst > 0, "a batch that never rounds differently from 1/x tests nothing")
  }
}
