import BoneSimCore
import Foundation

/// Strain energy density in the extravascular bone matrix of a two-phase material
/// (cylindrical vascular pores, fluid-filled, in an anisotropic matrix), by Mori–Tanaka
/// homogenisation, as in Scheiner, Pivonka & Hellmich 2013 (docs/VERIFICATION.md and docs/REFERENCES.md):
/// ```
/// A_vas0 = [I + P_cyl : (c_vas − c_bm)]⁻¹                                   (1)
/// A_bm   = [f_vas·A_vas0 + f_bm·I]⁻¹ ;  A_vas = A_vas0 : A_bm               (2)
/// C_hom  = f_vas·c_vas : A_vas + f_bm·c_bm : A_bm                           (3)
/// ε_bm   = A_bm : C_hom⁻¹ : Σ ;  ψ_bm = ½ ε_bm : c_bm : ε_bm                (4)
/// ```
/// Tensors are 6×6 in Mandel notation (shear entries of a stiffness are 2·c_ijij; ordering
/// 11, 22, 33, 23, 13, 12). `P_cyl`, the Hill tensor of an infinite cylinder along x₃ in the
/// matrix, is the average over directions ξ = (cos φ, sin φ, 0) of the symmetrised
/// ξ·K(ξ)⁻¹·ξ with the acoustic tensor K_ik = ξ_j c_ijkl ξ_l (bone-models' quadrature).
///
/// **Exact reduction used per patient.** With a prescribed stress the strain concentration
/// cancels: C_hom = (f_vas·c_vas:A_vas0 + f_bm·c_bm):A_bm, so ε_bm = A_bm:C_hom⁻¹:Σ =
/// (f_vas·c_vas:A_vas0 + f_bm·c_bm)⁻¹:Σ. With an orthotropic matrix, an isotropic pore fluid
/// and a cylinder along x₃, these tensors are block diagonal (a 3×3 normal block plus a
/// diagonal shear block; checked at set-up), so a normal stress Σ = (0, 0, σ) needs one 3×3
/// solve (Cramer's rule) per patient instead of three 6×6 inversions.
///
/// **bone-models.** bone-models 0.1.0 builds (2) as `[f_bm·A_vas0 + f_bm·I]⁻¹` (f_bm in both
/// terms), a slip against the standard form above. By the cancellation it changes C_hom and
/// the macroscopic strain (E₃₃ −2.89e-3 instead of −1.52e-3 at f_bm = 95 %, −30 MPa) but not
/// ψ_bm, hence not the mechanostat: `strainEnergyDensityFull(variant:)` shows both equal to
/// rounding, and one implementation serves both the reference runs and the full model.
public struct MoriTanaka: Sendable {
  /// Form of the strain concentration tensor A_bm, Eq. (2).
  public enum Variant: String, Sendable, CaseIterable {
    /// Standard Mori–Tanaka (Scheiner 2013).
    case paper
    /// bone-models 0.1.0: f_bm in place of f_vas.
    case asCodedInBoneModels
  }

  /// Bone matrix stiffness, 6×6 Mandel [GPa].
  public let matrixStiffness: Matrix
  /// Pore (water) stiffness, 6×6 Mandel [GPa].
  public let poreStiffness: Matrix
  /// Hill tensor of a cylindrical inclusion along x₃, 6×6 Mandel [1/GPa].
  public let hillTensor: Matrix
  /// A_vas0 of Eq. (1), 6×6 Mandel.
  public let poreConcentration: Matrix

  // 3×3 normal blocks: u = c_vas:A_vas0, c = c_bm; ε = (f_vas·u + f_bm·c)⁻¹·Σ. Stored as
  // scalars, not arrays, so that the per-patient kernel keeps them in registers.
  @usableFromInline let u: Block3
  @usableFromInline let c: Block3

  /// - Parameters:
  ///   - matrixStiffness: 6×6 Mandel stiffness of the extravascular bone matrix [GPa].
  ///   - poreBulkModulus, poreShearModulus: of the pore fluid [GPa].
  ///   - quadraturePoints: points of the uniform rule on [0, 2π) for P_cyl (bone-models: 50;
  ///     the integrand is smooth and periodic, so the rule converges spectrally).
  public init(
    matrixStiffness: Matrix, poreBulkModulus: Double, poreShearModulus: Double,
    quadraturePoints: Int = 50
  ) {
    precondition(matrixStiffness.rows == 6 && matrixStiffness.columns == 6)
    self.matrixStiffness = matrixStiffness
    let volumetric = Matrix((0..<6).map { i in (0..<6).map { j in i < 3 && j < 3 ? 1.0 / 3 : 0 } })
    let deviatoric = Matrix.identity(6) - volumetric
    poreStiffness = (3 * poreBulkModulus) * volumetric + (2 * poreShearModulus) * deviatoric
    hillTensor = Self.cylinderHillTensor(matrixStiffness, quadraturePoints: quadraturePoints)
    guard let a0 = (Matrix.identity(6) + hillTensor * (poreStiffness - matrixStiffness)).inverse else {
      preconditionFailure("singular strain concentration in Mori–Tanaka set-up")
    }
    poreConcentration = a0

    let normal = 0..<3
    let poreTerm = poreStiffness * a0
    for m in [poreTerm, matrixStiffness] {
      precondition(Self.isBlockDiagonal(m), "Mori–Tanaka tensors are not normal/shear block diagonal")
    }
    u = Block3(poreTerm.submatrix(rows: normal, columns: normal))
    c = Block3(matrixStiffness.submatrix(rows: normal, columns: normal))
  }

  /// Strain energy density ψ_bm [GPa, i.e. GJ/m³] for vascular and bone-matrix volume
  /// fractions [percent] and axial stress σ₃₃ [GPa], Eq. (4) in the reduced form:
  /// `ε = σ·adj(K)[:, 3]/det K`, `ψ = ½ εᵀ·c·ε`. About 60 flops and one division.
  ///
  /// Non-finite when f_bm = 0 (no matrix left), otherwise finite and ≥ 0.
  @inlinable @inline(__always)
  public func strainEnergyDensity<L: Lane>(vascularPercent: L, bonePercent: L, axialStress: L) -> L {
    // K⁻¹·(0, 0, σ) = σ·(third column of adj K) / det K
    let (c20, c21, c22, det) = adjugateColumn(vascularPercent: vascularPercent, bonePercent: bonePercent)
    let scale = axialStress / det
    let x0 = c20 * scale, x1 = c21 * scale, x2 = c22 * scale
    // ψ = ½ εᵀ·c·ε
    let y0 = c.m00 * x0 + c.m01 * x1 + c.m02 * x2
    let y1 = c.m10 * x0 + c.m11 * x1 + c.m12 * x2
    let y2 = c.m20 * x0 + c.m21 * x1 + c.m22 * x2
    return 0.5 * (x0 * y0 + x1 * y1 + x2 * y2)
  }

  /// ψ_bm as a numerator and a denominator, `½σ²·(aᵀ·c·a)` over `(det K)²` with `a` the third
  /// column of adj K: the same ψ as `strainEnergyDensity` without its division, for a caller
  /// that shares one division among several quotients (`reciprocals`). Agrees with
  /// `strainEnergyDensity` to rounding.
  @inlinable @inline(__always)
  public func strainEnergyDensityFraction<L: Lane>(
    vascularPercent: L, bonePercent: L, axialStress: L
  ) -> (numerator: L, denominator: L) {
    let (a0, a1, a2, det) = adjugateColumn(vascularPercent: vascularPercent, bonePercent: bonePercent)
    let y0 = c.m00 * a0 + c.m01 * a1 + c.m02 * a2
    let y1 = c.m10 * a0 + c.m11 * a1 + c.m12 * a2
    let y2 = c.m20 * a0 + c.m21 * a1 + c.m22 * a2
    return (0.5 * (axialStress * axialStress) * (a0 * y0 + a1 * y1 + a2 * y2), det * det)
  }

  /// The third column of adj K and det K, for K = f_vas·u + f_bm·c and volume fractions in
  /// percent.
  @inlinable @inline(__always)
  func adjugateColumn<L: Lane>(vascularPercent: L, bonePercent: L) -> (L, L, L, determinant: L) {
    let fv = vascularPercent * 0.01, fb = bonePercent * 0.01
    let k00 = fv * u.m00 + fb * c.m00, k01 = fv * u.m01 + fb * c.m01, k02 = fv * u.m02 + fb * c.m02
    let k10 = fv * u.m10 + fb * c.m10, k11 = fv * u.m11 + fb * c.m11, k12 = fv * u.m12 + fb * c.m12
    let k20 = fv * u.m20 + fb * c.m20, k21 = fv * u.m21 + fb * c.m21, k22 = fv * u.m22 + fb * c.m22
    let a0 = k01 * k12 - k02 * k11
    let a1 = k02 * k10 - k00 * k12
    let a2 = k00 * k11 - k01 * k10
    return (a0, a1, a2, k20 * a0 + k21 * a1 + k22 * a2)
  }

  /// ψ_bm by the full 6×6 equations (1)–(4) for a general Mandel stress [GPa]; for tests.
  public func strainEnergyDensityFull(
    vascularPercent: Double, bonePercent: Double, stress: [Double], variant: Variant = .paper
  ) -> Double {
    let fv = vascularPercent / 100, fb = bonePercent / 100
    let first = variant == .paper ? fv : fb
    let abm = (first * poreConcentration + fb * .identity(6)).inverse!
    let avas = poreConcentration * abm
    let chom = fv * (poreStiffness * avas) + fb * (matrixStiffness * abm)
    let macro = chom.solve(stress)!
    let eps = abm * macro
    let ce = matrixStiffness * eps
    return 0.5 * zip(eps, ce).reduce(0) { $0 + $1.0 * $1.1 }
  }

  // MARK: Set-up

  /// Mandel index pairs: 11, 22, 33, 23, 13, 12.
  static let mandelPairs = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]

  /// Mandel factor between tensor and matrix entries: 1 (normal–normal), √2 (mixed), 2 (shear–shear).
  static func mandelFactor(_ i: Int, _ j: Int) -> Double {
    switch (i < 3, j < 3) {
    case (true, true): return 1
    case (false, false): return 2
    default: return 2.0.squareRoot()
    }
  }

  /// 4th-order tensor with minor symmetries from a Mandel matrix, as a [3][3][3][3] array.
  static func tensor(fromMandel m: Matrix) -> [Double] {
    var t = [Double](repeating: 0, count: 81)
    for (ii, (i, j)) in mandelPairs.enumerated() {
      for (kk, (k, l)) in mandelPairs.enumerated() {
        let value = m[ii, kk] / mandelFactor(ii, kk)
        for (a, b) in [(i, j), (j, i)] {
          for (c, d) in [(k, l), (l, k)] { t[((a * 3 + b) * 3 + c) * 3 + d] = value }
        }
      }
    }
    return t
  }

  /// Hill tensor of a cylinder along x₃ by the uniform rule over φ ∈ [0, 2π).
  static func cylinderHillTensor(_ stiffness: Matrix, quadraturePoints n: Int) -> Matrix {
    let c = tensor(fromMandel: stiffness)
    var p = [Double](repeating: 0, count: 81)
    let weight = 1 / Double(n)
    for q in 0..<n {
      let phi = 2 * Double.pi * Double(q) / Double(n)
      let xi = [cos(phi), sin(phi), 0]
      var acoustic = Matrix(rows: 3, columns: 3)
      for i in 0..<3 {
        for k in 0..<3 {
          var s = 0.0
          for j in 0..<3 { for l in 0..<3 { s += xi[j] * c[((j * 3 + i) * 3 + k) * 3 + l] * xi[l] } }
          acoustic[i, k] = s
        }
      }
      let g = acoustic.inverse!
      // Γ_ijkl = sym_(ij),(kl) of ξ_i G_jk ξ_l
      for i in 0..<3 {
        for j in 0..<3 {
          for k in 0..<3 {
            for l in 0..<3 {
              let s = xi[i] * g[j, k] * xi[l] + xi[i] * g[j, l] * xi[k]
                + xi[j] * g[i, k] * xi[l] + xi[j] * g[i, l] * xi[k]
              p[((i * 3 + j) * 3 + k) * 3 + l] += 0.25 * s * weight
            }
          }
        }
      }
    }
    var m = Matrix(rows: 6, columns: 6)
    for (ii, (i, j)) in mandelPairs.enumerated() {
      for (kk, (k, l)) in mandelPairs.enumerated() {
        m[ii, kk] = mandelFactor(ii, kk) * p[((i * 3 + j) * 3 + k) * 3 + l]
      }
    }
    return m
  }

  static func isBlockDiagonal(_ m: Matrix) -> Bool {
    let scale = Swift.max(m.maxNorm, .leastNormalMagnitude)
    for i in 0..<6 {
      for j in 0..<6 where (i < 3) != (j < 3) || (i >= 3 && i != j) {
        if abs(m[i, j]) > 1e-12 * scale { return false }
      }
    }
    return true
  }
}

/// A 3×3 matrix as nine stored scalars (row-major names).
@usableFromInline
struct Block3: Sendable {
  @usableFromInline let m00, m01, m02, m10, m11, m12, m20, m21, m22: Double

  init(_ m: Matrix) {
    precondition(m.rows == 3 && m.columns == 3)
    (m00, m01, m02) = (m[0, 0], m[0, 1], m[0, 2])
    (m10, m11, m12) = (m[1, 0], m[1, 1], m[1, 2])
    (m20, m21, m22) = (m[2, 0], m[2, 1], m[2, 2])
  }
}
