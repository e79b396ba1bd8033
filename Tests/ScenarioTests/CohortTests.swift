import BoneSimCore
import Foundation
@testable import BoneSimScenario
import Testing

@Suite("Cohorts: covariates and correlated lognormal random effects")
struct CohortTests {
  static let yaml = """
    name: t
    duration_days: 10
    output_interval_days: 10
    cohort:
      patients: 20000
      seed: %SEED%
      covariates:
        patient.scale: {distribution: uniform, min: 2, max: 4}
      variability:
        iiv.k: {omega: 0.4}
    control: a
    arms:
      a: {}
    """

  @Test("uniform covariate: mean and range", arguments: [1, 2, 3] as [UInt64])
  func uniform(seed: UInt64) throws {
    let model = LinearTestModel()
    let s = try Scenario.decode(yaml: Self.yaml.replacingOccurrences(of: "%SEED%", with: "\(seed)"), file: "t.yaml")
    let p = try ScenarioPlan(s, inputs: model.inputs, parameters: model.parameters)
    let chunk = CohortChunk(plan: p.cohort, first: 0, count: 20000)
    let x = (0..<20000).map { chunk.baseline[$0, 1] }
    #expect(x.allSatisfy { (2...4).contains($0) })
    let mean = x.reduce(0, +) / 20000
    // Uniform(2, 4): mean 3, sd 2/√12; 4 standard errors.
    #expect(abs(mean - 3) < 4 * (2 / 12.0.squareRoot()) / 20000.0.squareRoot())
    // log multipliers: mean 0, sd ω = 0.4
    let logs = (0..<20000).map { Foundation.log(chunk.baseline[$0, 2]) }
    let m = logs.reduce(0, +) / 20000
    let sd = (logs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 19999).squareRoot()
    #expect(abs(m) < 4 * 0.4 / 20000.0.squareRoot())
    #expect(abs(sd - 0.4) < 0.02)
  }

  @Test("a patient's draws do not depend on the chunk it is drawn in")
  func chunkIndependence() throws {
    let model = LinearTestModel()
    let s = try Scenario.decode(yaml: Self.yaml.replacingOccurrences(of: "%SEED%", with: "5"), file: "t.yaml")
    let p = try ScenarioPlan(s, inputs: model.inputs, parameters: model.parameters)
    let whole = CohortChunk(plan: p.cohort, first: 0, count: 600)
    let part = CohortChunk(plan: p.cohort, first: 300, count: 300)
    for i in 0..<300 { #expect(whole.covariates[300 + i] == part.covariates[i]) }
  }

  @Test("correlated random effects: the sample correlation of log multipliers matches rho", arguments: [-0.6, 0.3, 0.8])
  func correlation(rho: Double) throws {
    let inputs: [BoneSimPhysiology.ModelInput] = [
      .init("iiv.a", unit: "1", kind: .patient, default: 1, range: 0.001...1000, "a"),
      .init("iiv.b", unit: "1", kind: .patient, default: 1, range: 0.001...1000, "b"),
    ]
    let yaml = """
      name: t
      duration_days: 10
      output_interval_days: 10
      cohort:
        patients: 20000
        seed: 3
        variability: {iiv.a: {omega: 0.3}, iiv.b: {cv: 0.5}}
        correlations: [{between: [iiv.a, iiv.b], rho: \(rho)}]
      control: a
      arms: {a: {}}
      """
    let p = try ScenarioPlan(Scenario.decode(yaml: yaml, file: "t.yaml"), inputs: inputs, parameters: LinearTestModel.table)
    let chunk = CohortChunk(plan: p.cohort, first: 0, count: 20000)
    let a = (0..<20000).map { Foundation.log(chunk.baseline[$0, 0]) }
    let b = (0..<20000).map { Foundation.log(chunk.baseline[$0, 1]) }
    func sd(_ x: [Double]) -> Double {
      let m = x.reduce(0, +) / Double(x.count)
      return (x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count - 1)).squareRoot()
    }
    let ma = a.reduce(0, +) / 20000, mb = b.reduce(0, +) / 20000
    let cov = zip(a, b).map { ($0 - ma) * ($1 - mb) }.reduce(0, +) / 19999
    let r = cov / (sd(a) * sd(b))
    #expect(abs(r - rho) < 0.03, "sample correlation \(r)")
    #expect(abs(sd(b) - Foundation.log(1 + 0.25).squareRoot()) < 0.02)
  }
}

import BoneSimPhysiology

@Suite("Covariate distributions")
struct DistributionTests {
  /// Draws of `d` for patients 0 ..< n (uniforms and normals from Philox).
  func draws(_ d: Distribution, n: Int = 20000) -> [Double] {
    (0..<n).map { p in
      let r = PatientRandom(seed: 9, patient: p, stream: RandomStreams.covariates)
      return d.draw({ (r.uniform($0), r.normal($0)) }, index: 0)
    }
  }

  @Test("truncated normal and lognormal stay inside their bounds; the untruncated median is right")
  func truncation() {
    let n = draws(.normal(mean: 0, sd: 1, min: -0.5, max: 2))
    #expect(n.allSatisfy { (-0.5...2).contains($0) })
    let l = draws(.lognormal(median: 60, cv: 0.5, min: 40, max: 100))
    #expect(l.allSatisfy { (40...100).contains($0) })
    let free = draws(.lognormal(median: 60, cv: 0.2, min: nil, max: nil)).sorted()
    // Median of 20,000 lognormal draws: standard error ≈ 1.25·σ·median/√n ≈ 0.1.
    #expect(abs(free[10000] - 60) < 0.6)
  }
}
