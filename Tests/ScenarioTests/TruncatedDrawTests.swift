import Foundation
import Testing

@testable import BoneSimScenario

/// Truncated covariates are drawn exactly (issue 16, class 4): the old sampler redrew 64 times
/// and then returned the clamped mean, piling patients on one value when the bounds held
/// little of the distribution.
@Suite("Truncated normal and lognormal covariates are sampled exactly")
struct TruncatedDrawTests {
  /// Reference quantiles of the standard normal (R: qnorm), not computed by the code under test.
  @Test("quantile matches published values to 1e-12", arguments: [
    (0.975, 1.959963984540054), (0.5, 0.0), (0.841344746068543, 1.0), (1e-10, -6.361340902404056),
    (0.02, -2.053748910631823), (0.999, 3.090232306167813),
  ])
  func quantile(p: Double, z: Double) {
    #expect(abs(StandardNormal.quantile(p) - z) < 1e-12 * max(1, abs(z)))
  }

  /// Mean of N(μ, σ²) truncated to [a, b]: μ + σ(φ(α) − φ(β))/(Φ(β) − Φ(α)) (Johnson, Kotz &
  /// Balakrishnan 1994, §10.1), evaluated here with erfc, independently of the sampler.
  static func truncatedMean(_ mu: Double, _ sd: Double, _ a: Double, _ b: Double) -> Double {
    let al = (a - mu) / sd, be = (b - mu) / sd
    let phi = { (x: Double) in exp(-x * x / 2) / (2 * Double.pi).squareRoot() }
    let cdf = { (x: Double) in 0.5 * erfc(-x / 2.0.squareRoot()) }
    return mu + sd * (phi(al) - phi(be)) / (cdf(be) - cdf(al))
  }

  /// Draws at evenly spread uniforms (a deterministic stand-in for the random stream).
  static func draws(_ d: Distribution, n: Int = 20000) -> [Double] {
    (0..<n).map { k in d.draw({ _ in (uniform: (Double(k) + 0.5) / Double(n), normal: 0) }, index: 0) }
  }

  @Test("a cohort far in the tail is spread over its bounds, not piled at one value", arguments: [
    (60.0, 5.0, 75.0, 90.0), (0.0, 1.0, 4.0, 5.0), (0.0, 1.0, -9.0, -8.0), (60.0, 8.0, 50.0, 65.0), (0.0, 1.0, -1.0, 1.0),
  ])
  func tail(mean: Double, sd: Double, lo: Double, hi: Double) {
    let x = Self.draws(.normal(mean: mean, sd: sd, min: lo, max: hi))
    #expect(x.allSatisfy { $0 >= lo && $0 <= hi })
    let atBound = x.filter { $0 == lo || $0 == hi }.count
    #expect(atBound == 0)
    let m = x.reduce(0, +) / Double(x.count)
    #expect(abs(m - Self.truncatedMean(mean, sd, lo, hi)) < 1e-3 * (hi - lo))
  }

  @Test("a truncated lognormal is the truncated normal of its logarithm")
  func lognormal() {
    let cv = 0.5, median = 25.0, omega = log(1 + cv * cv).squareRoot()
    let x = Self.draws(.lognormal(median: median, cv: cv, min: 40, max: 80))
    #expect(x.allSatisfy { $0 >= 40 && $0 <= 80 })
    let m = x.map(log).reduce(0, +) / Double(x.count)
    #expect(abs(m - Self.truncatedMean(log(median), omega, log(40), log(80))) < 1e-3)
  }
}
