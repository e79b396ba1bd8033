import BoneSimPhysiology
import Testing

/// Micromechanics against bone-models 0.1.0 (tools/reference/mori_tanaka_check.py output) and
/// against the unreduced 6×6 equations.
@Suite("Reference: Mori–Tanaka strain energy density")
struct MoriTanakaTests {
  let model = try! Scheiner2013()

  @Test("the cylinder Hill tensor equals bone-models' quadrature")
  func hillTensor() {
    let p = model.micromechanics.hillTensor
    let expected: [(Int, Int, Double)] = [
      (0, 0, 0.048333831326474501), (0, 1, -0.020462184308515891), (1, 1, 0.043693159541421459),
      (3, 3, 0.039872564926132684), (4, 4, 0.04222990543068595), (5, 5, 0.066508322446675552),
      (2, 2, 0), (0, 2, 0),
    ]
    for (i, j, v) in expected { #expect(abs(p[i, j] - v) < 1e-15, "P[\(i),\(j)] = \(p[i, j])") }
  }

  @Test("ψ_bm equals bone-models at four porosities and two loads")
  func strainEnergy() {
    let expected: [(Double, Double, Double)] = [  // f_bm %, σ MPa, ψ GPa
      (95, -30, 2.4012575552226074e-05), (90, -30, 2.6737382207158113e-05),
      (85, -30, 2.9954937294076044e-05), (80, -30, 3.37918338824217e-05),
      (95, -25, 1.667539968904589e-05), (90, -25, 1.856762653274869e-05),
      (85, -25, 2.0802039787552808e-05), (80, -25, 2.346655130723729e-05),
    ]
    for (fbm, sigma, psi) in expected {
      let ours = model.micromechanics.strainEnergyDensity(
        vascularPercent: 100 - fbm, bonePercent: fbm, axialStress: sigma / 1000)
      #expect(abs(ours - psi) / psi < 1e-12, "f_bm \(fbm) σ \(sigma): \(ours) vs \(psi)")
    }
    #expect(abs(model.habitualStrainEnergy - 2.4012575552226074e-05) / 2.4e-5 < 1e-12)
  }

  @Test("the reduced 3×3 form equals the full 6×6 equations, for the paper and bone-models' slip alike")
  func reduction() {
    let mt = model.micromechanics
    for fbm in stride(from: 40.0, through: 99.0, by: 7.0) {
      for sigma in [-0.035, -0.03, -0.01] {
        let reduced = mt.strainEnergyDensity(vascularPercent: 100 - fbm, bonePercent: fbm, axialStress: sigma)
        let stress = [0, 0, sigma, 0, 0, 0]
        let paper = mt.strainEnergyDensityFull(vascularPercent: 100 - fbm, bonePercent: fbm, stress: stress)
        let coded = mt.strainEnergyDensityFull(
          vascularPercent: 100 - fbm, bonePercent: fbm, stress: stress, variant: .asCodedInBoneModels)
        #expect(abs(reduced - paper) / paper < 1e-12)
        #expect(abs(coded - paper) / paper < 1e-12)
      }
    }
  }

  @Test("ψ grows as bone is lost and scales with the square of stress")
  func monotone() {
    let mt = model.micromechanics
    var previous = 0.0
    for fbm in stride(from: 99.0, through: 30.0, by: -3.0) {
      let psi = mt.strainEnergyDensity(vascularPercent: 100 - fbm, bonePercent: fbm, axialStress: -0.03)
      #expect(psi > previous)
      previous = psi
      let half = mt.strainEnergyDensity(vascularPercent: 100 - fbm, bonePercent: fbm, axialStress: -0.015)
      #expect(abs(half * 4 - psi) / psi < 1e-14)
    }
  }
}
