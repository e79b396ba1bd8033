import BoneSimCore
import Testing

@Suite("Philox4x32-10 and patient random streams")
struct PhiloxTests {
  /// Random123 `tests/kat_vectors`, the three "philox4x32 10" lines: counter, key, output.
  static let knownAnswers: [((UInt32, UInt32, UInt32, UInt32), (UInt32, UInt32), (UInt32, UInt32, UInt32, UInt32))] = [
    ((0, 0, 0, 0), (0, 0), (0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8)),
    (
      (0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff), (0xffff_ffff, 0xffff_ffff),
      (0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd)
    ),
    (
      (0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), (0xa409_3822, 0x299f_31d0),
      (0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1)
    ),
  ]

  @Test("matches the Random123 known-answer vectors", arguments: 0..<3)
  func knownAnswer(_ i: Int) {
    let (counter, key, expected) = Self.knownAnswers[i]
    let out = Philox4x32(key: key).block(counter)
    #expect(out == expected)
  }

  @Test("uniforms lie in (0, 1) with mean 1/2 and variance 1/12")
  func uniformMoments() {
    let n = 200_000
    var sum = 0.0, sumSquares = 0.0
    for seed: UInt64 in [1, 42, 0xDEAD_BEEF_F00D] {
      let r = PatientRandom(seed: seed, patient: 7, stream: 3)
      sum = 0
      sumSquares = 0
      for i in 0..<UInt32(n) {
        let u = r.uniform(i)
        #expect(u > 0 && u < 1)
        sum += u
        sumSquares += u * u
      }
      let mean = sum / Double(n), variance = sumSquares / Double(n) - mean * mean
      // 5 standard errors: sd(mean) = sqrt(1/12/n) ≈ 6.5e-4.
      #expect(abs(mean - 0.5) < 5 * (1.0 / 12 / Double(n)).squareRoot())
      #expect(abs(variance - 1.0 / 12) < 0.002)
    }
  }

  @Test("normals have mean 0 and variance 1")
  func normalMoments() {
    let n = 200_000
    let r = PatientRandom(seed: 2026, patient: 123_456_789_012, stream: 1)
    var sum = 0.0, sumSquares = 0.0
    for i in 0..<UInt32(n) {
      let z = r.normal(i)
      sum += z
      sumSquares += z * z
    }
    let mean = sum / Double(n), variance = sumSquares / Double(n) - mean * mean
    #expect(abs(mean) < 5 / Double(n).squareRoot())
    #expect(abs(variance - 1) < 0.02)
  }

  @Test("a draw depends on seed, patient, stream and index only, and each of them changes it")
  func addressing() {
    let base = PatientRandom(seed: 9, patient: 1000, stream: 2)
    let same = PatientRandom(seed: 9, patient: 1000, stream: 2)
    #expect(base.uniform(5) == same.uniform(5))
    #expect(base.uniform(5) != PatientRandom(seed: 10, patient: 1000, stream: 2).uniform(5))
    #expect(base.uniform(5) != PatientRandom(seed: 9, patient: 1001, stream: 2).uniform(5))
    #expect(base.uniform(5) != PatientRandom(seed: 9, patient: 1000, stream: 3).uniform(5))
    #expect(base.uniform(5) != base.uniform(6))
    // Patients beyond 2^32 use the high counter word.
    #expect(
      PatientRandom(seed: 9, patient: 1 << 32, stream: 2).uniform(0)
        != PatientRandom(seed: 9, patient: 0, stream: 2).uniform(0))
  }
}
