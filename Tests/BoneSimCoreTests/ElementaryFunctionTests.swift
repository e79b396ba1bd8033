import BoneSimCore
import Foundation
import Testing

@Suite("Lane exponential and logarithm")
struct ElementaryFunctionTests {
  /// Largest error allowed against libm, in units in the last place of the result.
  static let ulpTolerance = 4.0

  func ulps(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b).ulp }

  @Test("exponential is within a few ulp of libm on [−700, 700]")
  func exponential() {
    var worst = 0.0
    let r = PatientRandom(seed: 3, patient: 0, stream: 0)
    for i in 0..<200_000 {
      let x = i < 100_000 ? -700 + 1400 * r.uniform(UInt32(i)) : -2 + 4 * r.uniform(UInt32(i))
      worst = max(worst, ulps(Double.exponential(x), Foundation.exp(x)))
    }
    #expect(worst <= Self.ulpTolerance, "worst \(worst) ulp")
    #expect(Double.exponential(0) == 1)
  }

  @Test("logarithm is within a few ulp of libm on (1e-300, 1e300)")
  func logarithm() {
    var worst = 0.0
    let r = PatientRandom(seed: 4, patient: 0, stream: 0)
    for i in 0..<200_000 {
      let x = i < 100_000 ? Foundation.exp(-690 + 1380 * r.uniform(UInt32(i))) : 0.5 + 1.5 * r.uniform(UInt32(i))
      let reference = Foundation.log(x)
      worst = max(worst, ulps(Double.logarithm(x), reference))
    }
    #expect(worst <= Self.ulpTolerance, "worst \(worst) ulp")
    #expect(Double.logarithm(1) == 0)
  }

  @Test("SIMD8 and SIMD16 lanes give the scalar bits")
  func lanesAgree() {
    let r = PatientRandom(seed: 5, patient: 0, stream: 0)
    for i in 0..<1000 {
      var x = SIMD16<Double>(repeating: 0), y = x
      for l in 0..<16 {
        x[l] = -50 + 100 * r.uniform(UInt32(16 * i + l))
        y[l] = Foundation.exp(x[l] / 5)
      }
      let e = SIMD16<Double>.exponential(x), g = SIMD16<Double>.logarithm(y)
      let x8 = x.lowHalf, y8 = y.lowHalf
      let e8 = SIMD8<Double>.exponential(x8), g8 = SIMD8<Double>.logarithm(y8)
      for l in 0..<16 {
        #expect(e[l].bitPattern == Double.exponential(x[l]).bitPattern)
        #expect(g[l].bitPattern == Double.logarithm(y[l]).bitPattern)
      }
      for l in 0..<8 {
        #expect(e8[l].bitPattern == Double.exponential(x8[l]).bitPattern)
        #expect(g8[l].bitPattern == Double.logarithm(y8[l]).bitPattern)
      }
    }
  }
}
